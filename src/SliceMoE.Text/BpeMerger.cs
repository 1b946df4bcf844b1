namespace SliceMoE.Text;

/// <summary>
/// Byte-pair merging over token ids: repeatedly merges the adjacent pair with the lowest rank (the
/// earliest line of <c>vocab.bpe</c>), every occurrence left to right, until no pair has a rank; the
/// same result as OpenAI's <c>bpe()</c>, which does this on strings.
/// </summary>
internal sealed class BpeMerger
{
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;

    /// <param name="merges">For each pair of ids (left, right): its rank and the id of the merged token.</param>
    public BpeMerger(Dictionary<long, (int Rank, int Merged)> merges) => _merges = merges;

    /// <summary>Number of merges.</summary>
    public int Count => _merges.Count;

    /// <summary>The dictionary key of the pair (<paramref name="left"/>, <paramref name="right"/>).</summary>
    public static long Key(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>Merges <paramref name="symbols"/> in place; returns how many remain at the front.</summary>
    public int Apply(Span<int> symbols)
    {
        int count = symbols.Length;
        while (count > 1)
        {
            int bestRank = int.MaxValue;
            int left = 0, right = 0, merged = 0;
            for (int i = 0; i + 1 < count; i++)
            {
                if (_merges.TryGetValue(Key(symbols[i], symbols[i + 1]), out var merge) && merge.Rank < bestRank)
                {
                    (bestRank, left, right, merged) = (merge.Rank, symbols[i], symbols[i + 1], merge.Merged);
                }
            }

            if (bestRank == int.MaxValue)
            {
                break;
            }

            int write = 0;
            for (int read = 0; read < count; write++)
            {
                if (read + 1 < count && symbols[read] == left && symbols[read + 1] == right)
                {
                    symbols[write] = merged;
                    read += 2;
                }
                else
                {
                    symbols[write] = symbols[read];
                    read++;
                }
            }

            count = write;
        }

        return count;
    }
}
