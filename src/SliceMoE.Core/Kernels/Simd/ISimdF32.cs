namespace SliceMoE.Kernels.Simd;

/// <summary>
/// Float32 vector operations, implemented once per hardware width (<see cref="Simd512"/>, <see cref="Simd256"/>),
/// so that every kernel is written once as a generic method and the JIT specialises it per width.
/// Static abstract members on struct type arguments are devirtualised and inlined.
/// </summary>
/// <typeparam name="TV">The vector type (<c>Vector512&lt;float&gt;</c> or <c>Vector256&lt;float&gt;</c>).</typeparam>
internal unsafe interface ISimdF32<TV> where TV : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Whether this width runs in hardware on this machine (and is enabled in the runtime).</summary>
    static abstract bool IsSupported { get; }

    static abstract TV Zero { get; }

    static abstract TV Broadcast(float value);

    static abstract TV Load(float* source);

    /// <summary>Count bfloat16 values widened to float32 (exact: a bfloat16 is the upper half of a float32).</summary>
    static abstract TV LoadBFloat16(ushort* source);

    static abstract void Store(float* destination, TV value);

    /// <summary>A non-temporal store (past the caches, no read-for-ownership): for results not read again soon. <paramref name="destination"/> must be aligned to the vector size.</summary>
    static abstract void StoreStreaming(float* destination, TV value);

    /// <summary>Loads the first <paramref name="count"/> lanes; the others are zero. Never reads past them.</summary>
    static abstract TV LoadFirst(float* source, int count);

    /// <summary>Stores the first <paramref name="count"/> lanes. Never writes past them.</summary>
    static abstract void StoreFirst(float* destination, TV value, int count);

    /// <summary>An all-ones mask in the first <paramref name="count"/> lanes, zeros elsewhere.</summary>
    static abstract TV FirstMask(int count);

    static abstract TV Add(TV a, TV b);

    static abstract TV Subtract(TV a, TV b);

    static abstract TV Multiply(TV a, TV b);

    static abstract TV Divide(TV a, TV b);

    /// <summary>a * b + c with one rounding.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);

    static abstract TV Max(TV a, TV b);

    static abstract TV Min(TV a, TV b);

    static abstract TV Abs(TV a);

    /// <summary>Copies the sign of <paramref name="sign"/> onto the magnitude of <paramref name="magnitude"/>.</summary>
    static abstract TV CopySign(TV magnitude, TV sign);

    /// <summary>Lanes where a &gt; b, as an all-ones/all-zeros mask.</summary>
    static abstract TV GreaterThan(TV a, TV b);

    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TV Select(TV mask, TV a, TV b);

    /// <summary>Rounds to the nearest integer (ties to even), keeping float type.</summary>
    static abstract TV RoundToNearest(TV a);

    /// <summary>y · 2^n for integral n in [-126, 127] (vscalefps on AVX-512; exponent bits otherwise).</summary>
    static abstract TV ScaleByPow2(TV y, TV n);

    /// <summary>1/a to at least 12 bits (rcp14ps / rcpps); refine with a Newton step for full precision.</summary>
    static abstract TV ReciprocalEstimate(TV a);

    static abstract float Sum(TV a);

    static abstract float MaxAcross(TV a);
}
