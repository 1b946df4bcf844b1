using SliceMoE.Numerics;

namespace SliceMoE.Reproduction.Synthetic;

/// <summary>
/// The synthetic task of the paper's Figure 7, "designed with distinct features in different embedding segments":
/// 64-dimensional vectors of standard Gaussian noise, cut into 8 contiguous segments of 8 coordinates; an example of
/// class c (one of 8) also carries class c's fixed ±1 pattern, scaled by the signal amplitude, in segment c only. So
/// the class is readable from one segment, and which segment it is differs by class.
/// </summary>
public sealed class SegmentTask
{
    /// <summary>Input width.</summary>
    public const int Dim = 64;

    /// <summary>Segments (= slices of the SliceMoE layer, = classes).</summary>
    public const int Segments = 8;

    /// <summary>Coordinates per segment.</summary>
    public const int SegmentWidth = Dim / Segments;

    private SegmentTask(float[] inputs, int[] labels)
    {
        Inputs = inputs;
        Labels = labels;
    }

    /// <summary>Examples, row-major [Count, 64].</summary>
    public float[] Inputs { get; }

    /// <summary>Class (= signal segment) of each example.</summary>
    public int[] Labels { get; }

    /// <summary>Number of examples.</summary>
    public int Count => Labels.Length;

    /// <summary>Draws <paramref name="count"/> examples; the class patterns come from <paramref name="patternSeed"/> (share it between train and test), the examples from <paramref name="rng"/>.</summary>
    public static SegmentTask Generate(int count, double signal, ulong patternSeed, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var patternRng = new Rng(patternSeed);
        var patterns = Enumerable.Range(0, Segments * SegmentWidth).Select(_ => patternRng.NextDouble() < 0.5 ? -1.0 : 1.0).ToArray();
        var inputs = new float[count * Dim];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int c = rng.NextInt(Segments);
            labels[n] = c;
            for (int i = 0; i < Dim; i++)
            {
                inputs[(n * Dim) + i] = (float)rng.NextGaussian();
            }

            for (int i = 0; i < SegmentWidth; i++)
            {
                inputs[(n * Dim) + (c * SegmentWidth) + i] += (float)(signal * patterns[(c * SegmentWidth) + i]);
            }
        }

        return new SegmentTask(inputs, labels);
    }
}
