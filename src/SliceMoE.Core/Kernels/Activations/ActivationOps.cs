using System.Runtime.CompilerServices;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.Activations;

/// <summary>One activation as a type, so loops are specialised per activation instead of branching per vector.</summary>
internal interface IActivationOp
{
    static abstract TV Forward<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct;

    static abstract TV Derivative<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct;

    /// <summary>f(x), with f'(x) in <paramref name="derivative"/>: the same values as the one-argument Forward and <see cref="Derivative"/>, from shared terms.</summary>
    static abstract TV Forward<TS, TV>(TV x, out TV derivative) where TS : struct, ISimdF32<TV> where TV : struct;
}

internal readonly struct IdentityOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct => TS.Broadcast(1f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x, out TV derivative) where TS : struct, ISimdF32<TV> where TV : struct
    {
        derivative = TS.Broadcast(1f);
        return x;
    }
}

internal readonly struct ReluOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct => TS.Max(x, TS.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct =>
        TS.Select(TS.GreaterThan(x, TS.Zero), TS.Broadcast(1f), TS.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x, out TV derivative) where TS : struct, ISimdF32<TV> where TV : struct
    {
        derivative = Derivative<TS, TV>(x);
        return Forward<TS, TV>(x);
    }
}

internal readonly struct GeluErfOp : IActivationOp
{
    private const float InvSqrt2Pi = 0.398942280401432678f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        return TS.Multiply(x, SimdMath.NormalCdf<TS, TV>(x));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var cdf = SimdMath.NormalCdf<TS, TV>(x);
        return TS.MultiplyAdd(x, Pdf<TS, TV>(x), cdf);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x, out TV derivative) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var cdf = SimdMath.NormalCdf<TS, TV>(x);
        derivative = TS.MultiplyAdd(x, Pdf<TS, TV>(x), cdf);
        return TS.Multiply(x, cdf);
    }

    /// <summary>The standard normal density φ(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Pdf<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct =>
        TS.Multiply(SimdMath.Exp<TS, TV>(TS.Multiply(TS.Multiply(x, x), TS.Broadcast(-0.5f))), TS.Broadcast(InvSqrt2Pi));
}

internal readonly struct GeluTanhOp : IActivationOp
{
    private const float SqrtTwoOverPi = 0.797884560802865356f;
    private const float Cubic = 0.044715f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var t = SimdMath.Tanh<TS, TV>(Inner<TS, TV>(x));
        var half = TS.Broadcast(0.5f);
        return TS.Multiply(x, TS.MultiplyAdd(t, half, half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var t = SimdMath.Tanh<TS, TV>(Inner<TS, TV>(x));
        return DerivativeFromTanh<TS, TV>(x, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TS, TV>(TV x, out TV derivative) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var t = SimdMath.Tanh<TS, TV>(Inner<TS, TV>(x));
        var half = TS.Broadcast(0.5f);
        derivative = DerivativeFromTanh<TS, TV>(x, t);
        return TS.Multiply(x, TS.MultiplyAdd(t, half, half));
    }

    /// <summary>f'(x) given t = tanh(√(2/π)(x + c x³)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV DerivativeFromTanh<TS, TV>(TV x, TV t) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var half = TS.Broadcast(0.5f);
        var one = TS.Broadcast(1f);
        var x2 = TS.Multiply(x, x);
        var du = TS.Multiply(TS.MultiplyAdd(x2, TS.Broadcast(3 * Cubic), one), TS.Broadcast(SqrtTwoOverPi));
        var sech2 = TS.Subtract(one, TS.Multiply(t, t));
        return TS.MultiplyAdd(TS.Multiply(TS.Multiply(half, x), sech2), du, TS.MultiplyAdd(t, half, half));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Inner<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct =>
        TS.Multiply(TS.MultiplyAdd(TS.Multiply(TS.Multiply(x, x), x), TS.Broadcast(Cubic), x), TS.Broadcast(SqrtTwoOverPi));
}
