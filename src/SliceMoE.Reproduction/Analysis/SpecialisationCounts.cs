using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Reproduction.Analysis;

/// <summary>
/// Tallies, over many forward passes, which expert of one MoE layer each token occurrence went to: per expert, how many
/// slices of each word it processed, and how many occurrences it received "predominantly" (the expert with the largest
/// total gate over the token's S·k assignments; for TokenMoE, S = 1, its first choice). Also keeps the first slice
/// vectors each expert processed, for the PCA.
/// </summary>
internal sealed class SpecialisationCounts
{
    private readonly int _experts;
    private readonly int _pcaPerExpert;
    private readonly Dictionary<int, long>[] _slices;
    private readonly Dictionary<int, long>[] _predominant;
    private readonly List<float[]>[] _samples;

    public SpecialisationCounts(int experts, int pcaPerExpert)
    {
        _experts = experts;
        _pcaPerExpert = pcaPerExpert;
        _slices = Enumerable.Range(0, experts).Select(_ => new Dictionary<int, long>()).ToArray();
        _predominant = Enumerable.Range(0, experts).Select(_ => new Dictionary<int, long>()).ToArray();
        _samples = Enumerable.Range(0, experts).Select(_ => new List<float[]>()).ToArray();
        Load = new long[experts];
    }

    /// <summary>Per expert, slices processed of each token id.</summary>
    public IReadOnlyList<Dictionary<int, long>> Slices => _slices;

    /// <summary>Per expert, occurrences of each token id predominantly routed to it.</summary>
    public IReadOnlyList<Dictionary<int, long>> Predominant => _predominant;

    /// <summary>Per expert, slice vectors it processed (the first ones).</summary>
    public IReadOnlyList<List<float[]>> Samples => _samples;

    /// <summary>Slice assignments per expert.</summary>
    public long[] Load { get; }

    /// <summary>Token occurrences counted.</summary>
    public int Tokens { get; private set; }

    /// <summary>Adds the routing of the layer's last forward over <paramref name="batch"/>; tokens in <paramref name="skip"/> (padding, specials) are left out.</summary>
    public void Add(MoeLayer<float> layer, ClassificationBatch batch, ISet<int> skip)
    {
        var plan = layer.Plan;
        int s = layer.Config.Slices, ds = layer.Config.SliceDim;
        var slices = layer.SliceInputs;
        var gateSum = new double[_experts];
        var count = new int[_experts];
        for (int b = 0; b < batch.Batch; b++)
        {
            for (int j = 0; j < batch.Lengths[b]; j++)
            {
                int n = (b * batch.Length) + j, id = batch.Ids[n];
                if (skip.Contains(id))
                {
                    continue;
                }

                Array.Clear(gateSum);
                Array.Clear(count);
                for (int r = n * s; r < (n + 1) * s; r++)
                {
                    for (int c = plan.RowStart[r]; c < plan.RowStart[r + 1]; c++)
                    {
                        if (!plan.Active[c])
                        {
                            continue;
                        }

                        int e = plan.Expert[c];
                        count[e]++;
                        gateSum[e] += plan.Gate[c];
                        if (_samples[e].Count < _pcaPerExpert)
                        {
                            _samples[e].Add(slices.Slice(r * ds, ds).ToArray());
                        }
                    }
                }

                Record(id, count, gateSum);
            }
        }
    }

    /// <summary>Records one token occurrence: how many of its slice assignments each expert got, and their total gate.</summary>
    internal void Record(int id, ReadOnlySpan<int> count, ReadOnlySpan<double> gateSum)
    {
        int best = -1;
        for (int e = 0; e < _experts; e++)
        {
            if (count[e] == 0)
            {
                continue;
            }

            Load[e] += count[e];
            Increment(_slices[e], id, count[e]);
            if (best < 0 || gateSum[e] > gateSum[best])
            {
                best = e;
            }
        }

        if (best >= 0)
        {
            Increment(_predominant[best], id, 1);
        }

        Tokens++;
    }

    private static void Increment(Dictionary<int, long> d, int key, long by) => d[key] = d.GetValueOrDefault(key) + by;
}
