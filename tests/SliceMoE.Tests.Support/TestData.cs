using SliceMoE.Numerics;

namespace SliceMoE.Tests.Support;

/// <summary>Deterministic random inputs for tests.</summary>
public static class TestData
{
    public static float[] Uniform(Rng rng, int length, float scale = 1f)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = ((2 * rng.NextSingle()) - 1) * scale;
        }

        return x;
    }

    public static double[] UniformDouble(Rng rng, int length, double scale = 1)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = ((2 * rng.NextDouble()) - 1) * scale;
        }

        return x;
    }

    public static double[] Widen(ReadOnlySpan<float> x)
    {
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i];
        }

        return y;
    }

    public static float[] Narrow(ReadOnlySpan<double> x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (float)x[i];
        }

        return y;
    }
}
