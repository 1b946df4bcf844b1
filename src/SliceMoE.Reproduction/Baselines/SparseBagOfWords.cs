namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Bag-of-words rows in compressed sparse row form: row i's distinct token ids, ascending, in
/// <see cref="Columns"/>[<see cref="RowStart"/>[i]..<see cref="RowStart"/>[i + 1]], with their feature values beside them.
/// Ascending order fixes the summation order, so training is bit-for-bit reproducible.
/// </summary>
internal sealed class SparseBagOfWords
{
    private SparseBagOfWords(int[] rowStart, int[] columns, double[] values, int[] labels)
    {
        RowStart = rowStart;
        Columns = columns;
        Values = values;
        Labels = labels;
    }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    public int[] Labels { get; }

    public int Rows => Labels.Length;

    public static SparseBagOfWords Build(IReadOnlyList<(int[] Ids, int Label)> examples, int vocabularySize, int classes, BagOfWordsFeatures features, string paramName)
    {
        var rowStart = new int[examples.Count + 1];
        var columns = new List<int>();
        var values = new List<double>();
        var labels = new int[examples.Count];
        for (int i = 0; i < examples.Count; i++)
        {
            var (ids, label) = examples[i];
            ArgumentNullException.ThrowIfNull(ids, paramName);
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentException($"Example {i} has label {label}, outside [0, {classes}).", paramName);
            }

            labels[i] = label;
            AppendRow(ids, vocabularySize, features, columns, values, i, paramName);
            rowStart[i + 1] = columns.Count;
        }

        return new SparseBagOfWords(rowStart, [.. columns], [.. values], labels);
    }

    /// <summary>One sequence's (id, value) pairs, ascending by id.</summary>
    public static (int[] Columns, double[] Values) Row(int[] ids, int vocabularySize, BagOfWordsFeatures features)
    {
        var columns = new List<int>();
        var values = new List<double>();
        AppendRow(ids, vocabularySize, features, columns, values, 0, nameof(ids));
        return ([.. columns], [.. values]);
    }

    private static void AppendRow(int[] ids, int vocabularySize, BagOfWordsFeatures features, List<int> columns, List<double> values, int row, string paramName)
    {
        var sorted = (int[])ids.Clone();
        Array.Sort(sorted);
        for (int k = 0; k < sorted.Length;)
        {
            int id = sorted[k];
            if ((uint)id >= (uint)vocabularySize)
            {
                throw new ArgumentException($"Sequence {row} holds token id {id}, outside [0, {vocabularySize}).", paramName);
            }

            int run = k;
            while (run < sorted.Length && sorted[run] == id)
            {
                run++;
            }

            columns.Add(id);
            values.Add(features == BagOfWordsFeatures.Binary ? 1.0 : Math.Log(1 + (run - k)));
            k = run;
        }
    }
}
