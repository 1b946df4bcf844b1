using System.Runtime.CompilerServices;

namespace SliceMoE.Kernels.Simd;

/// <summary>
/// Transcendental functions on float32 vectors, written once for every width. Accuracy (measured by the
/// tests against double-precision references): exp within 2 ulp on [-87, 88]; erf within 5e-7 absolute.
/// </summary>
internal static class SimdMath
{
    // Cephes expf: exp(x) = 2^n * exp(r), n = round(x log2 e), r = x - n ln 2 split in two parts for accuracy.
    private const float ExpLower = -87.3f;
    private const float ExpUpper = 88.0f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    // Rational approximation erf(x) = x P(x^2) / Q(x^2) on [-4, 4] (beyond, erf is +-1 in float).
    private static ReadOnlySpan<float> ErfNumerator =>
    [
        -1.60960333262415e-02f, -2.95459980854025e-03f, -7.34990630326855e-04f, -5.69250639462346e-05f,
        -2.10102402082508e-06f, 2.77068142495902e-08f, -2.72614225801306e-10f,
    ];

    private static ReadOnlySpan<float> ErfDenominator =>
    [
        -1.42647390514189e-02f, -7.37332916720468e-03f, -1.68282697438203e-03f, -2.13374055278905e-04f,
        -1.45660718464996e-05f,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var clamped = TS.Min(TS.Max(x, TS.Broadcast(ExpLower)), TS.Broadcast(ExpUpper));
        var n = TS.RoundToNearest(TS.Multiply(clamped, TS.Broadcast(Log2E)));
        var r = TS.MultiplyAdd(n, TS.Broadcast(-Ln2High), clamped);
        r = TS.MultiplyAdd(n, TS.Broadcast(-Ln2Low), r);
        var p = TS.Broadcast(1.9875691500e-4f);
        p = TS.MultiplyAdd(p, r, TS.Broadcast(1.3981999507e-3f));
        p = TS.MultiplyAdd(p, r, TS.Broadcast(8.3334519073e-3f));
        p = TS.MultiplyAdd(p, r, TS.Broadcast(4.1665795894e-2f));
        p = TS.MultiplyAdd(p, r, TS.Broadcast(1.6666665459e-1f));
        p = TS.MultiplyAdd(p, r, TS.Broadcast(5.0000001201e-1f));
        var y = TS.MultiplyAdd(p, TS.Multiply(r, r), TS.Add(r, TS.Broadcast(1f)));
        y = TS.Multiply(y, TS.Pow2Integral(n));
        return TS.Select(TS.GreaterThan(TS.Broadcast(ExpLower), x), TS.Zero, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Erf<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var c = TS.Min(TS.Max(x, TS.Broadcast(-4f)), TS.Broadcast(4f));
        var x2 = TS.Multiply(c, c);
        ReadOnlySpan<float> a = ErfNumerator;
        ReadOnlySpan<float> b = ErfDenominator;
        var p = TS.Broadcast(a[6]);
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[5]));
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[4]));
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[3]));
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[2]));
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[1]));
        p = TS.MultiplyAdd(x2, p, TS.Broadcast(a[0]));
        var q = TS.Broadcast(b[4]);
        q = TS.MultiplyAdd(x2, q, TS.Broadcast(b[3]));
        q = TS.MultiplyAdd(x2, q, TS.Broadcast(b[2]));
        q = TS.MultiplyAdd(x2, q, TS.Broadcast(b[1]));
        q = TS.MultiplyAdd(x2, q, TS.Broadcast(b[0]));
        return TS.Divide(TS.Multiply(c, p), q);
    }

    /// <summary>
    /// tanh(x) = sign(x) (1 - e) / (1 + e), e = exp(-2|x|): no overflow for large |x|. Accurate to ~1e-7 in
    /// absolute terms (not relative near 0), which is what GELU-tanh, its only user, needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TS, TV>(TV x) where TS : struct, ISimdF32<TV> where TV : struct
    {
        var e = Exp<TS, TV>(TS.Multiply(TS.Abs(x), TS.Broadcast(-2f)));
        var one = TS.Broadcast(1f);
        var t = TS.Divide(TS.Subtract(one, e), TS.Add(one, e));
        return TS.CopySign(t, x);
    }
}
