using Xunit.Sdk;

namespace SliceMoE.Tests.Support;

/// <summary>Named tolerances, each with the reason it is the size it is.</summary>
public static class Tolerance
{
    /// <summary>Unit roundoff of float32 (2^-24).</summary>
    public const double FloatUnitRoundoff = 1.0 / (1 << 24);

    /// <summary>
    /// Worst-case error of a float32 dot product of length k against its exact value (Higham, Accuracy and
    /// Stability, eq. 3.5): |error| ≤ γ_k Σ|a_i b_i|, γ_k = k u / (1 - k u). We add 2 to k for the final
    /// add into C and one epilogue operation.
    /// </summary>
    public static double DotProductBound(int k, double sumOfAbsProducts) =>
        (k + 2) * FloatUnitRoundoff / (1 - ((k + 2) * FloatUnitRoundoff)) * sumOfAbsProducts;

    /// <summary>Asserts |actual - expected| ≤ bound[i] + floor for every element, naming the first failure.</summary>
    public static void AssertWithin(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, ReadOnlySpan<double> bound, double floor, string what)
    {
        if (actual.Length != expected.Length)
        {
            throw new XunitException($"{what}: {actual.Length} values, expected {expected.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= bound[i] + floor))
            {
                throw new XunitException($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {err:E3} > bound {bound[i] + floor:E3}).");
            }
        }
    }

    /// <summary>Asserts |actual - expected| ≤ abs + rel |expected| element-wise, naming the worst element.</summary>
    public static void AssertClose(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected, double rel, double abs, string what)
    {
        if (actual.Length != expected.Length)
        {
            throw new XunitException($"{what}: {actual.Length} values, expected {expected.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            double err = Math.Abs(actual[i] - expected[i]);
            if (!(err <= abs + (rel * Math.Abs(expected[i]))))
            {
                throw new XunitException($"{what}: element {i} is {actual[i]:R}, expected {expected[i]:R} (error {err:E3}, allowed {abs + (rel * Math.Abs(expected[i])):E3}).");
            }
        }
    }

    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double rel, double abs, string what) =>
        AssertClose(TestData.Widen(actual), expected, rel, abs, what);

    /// <summary>Asserts the two arrays hold the same bits.</summary>
    public static void AssertBitwiseEqual(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        if (actual.Length != expected.Length)
        {
            throw new XunitException($"{what}: {actual.Length} values, expected {expected.Length}.");
        }

        for (int i = 0; i < actual.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                throw new XunitException($"{what}: element {i} differs: {actual[i]:R} vs {expected[i]:R}.");
            }
        }
    }
}
