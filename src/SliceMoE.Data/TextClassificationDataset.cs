namespace SliceMoE.Data;

/// <summary>
/// A text classification data set split three ways, the in-memory form of AG NEWS, DBPEDIA-14, EMOTION and
/// their substitutes. Labels are 0-based indices into <see cref="LabelNames"/>.
/// </summary>
public sealed class TextClassificationDataset
{
    /// <summary>Creates a data set; checks that every label indexes <paramref name="labelNames"/>.</summary>
    /// <exception cref="ArgumentException">When a label is outside [0, labelNames.Count).</exception>
    public TextClassificationDataset(
        string name,
        IReadOnlyList<string> labelNames,
        IReadOnlyList<LabeledText> train,
        IReadOnlyList<LabeledText> validation,
        IReadOnlyList<LabeledText> test,
        LoadReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labelNames);
        Name = name;
        LabelNames = labelNames.ToArray();
        Train = CheckLabels(train, LabelNames.Count, nameof(train));
        Validation = CheckLabels(validation, LabelNames.Count, nameof(validation));
        Test = CheckLabels(test, LabelNames.Count, nameof(test));
        Report = report ?? LoadReport.Clean(train.Count + validation.Count + test.Count);
    }

    /// <summary>The data set's name, e.g. <c>ag_news</c> or <c>wordnet</c>.</summary>
    public string Name { get; }

    /// <summary>Class names; label <c>i</c> is <c>LabelNames[i]</c>.</summary>
    public IReadOnlyList<string> LabelNames { get; }

    /// <summary>Training examples.</summary>
    public IReadOnlyList<LabeledText> Train { get; }

    /// <summary>Validation (development) examples.</summary>
    public IReadOnlyList<LabeledText> Validation { get; }

    /// <summary>Test examples.</summary>
    public IReadOnlyList<LabeledText> Test { get; }

    /// <summary>What loading read and what it skipped.</summary>
    public LoadReport Report { get; }

    /// <summary>Number of examples over all three splits.</summary>
    public int Count => Train.Count + Validation.Count + Test.Count;

    /// <summary>Examples per class in <paramref name="split"/>, indexed by label.</summary>
    public static int[] CountPerLabel(IReadOnlyList<LabeledText> split, int labelCount)
    {
        ArgumentNullException.ThrowIfNull(split);
        var counts = new int[labelCount];
        foreach (var x in split)
        {
            counts[x.Label]++;
        }

        return counts;
    }

    /// <summary>A copy keeping at most the given number of examples per split (the first ones, which the loaders have already shuffled or ordered deterministically).</summary>
    public TextClassificationDataset Cap(int? maxTrain, int? maxValidation = null, int? maxTest = null) =>
        new(Name, LabelNames, SplitCaps.Take(Train, maxTrain), SplitCaps.Take(Validation, maxValidation), SplitCaps.Take(Test, maxTest), Report);

    private static LabeledText[] CheckLabels(IReadOnlyList<LabeledText> items, int labelCount, string what)
    {
        ArgumentNullException.ThrowIfNull(items, what);
        var copy = items.ToArray();
        for (int i = 0; i < copy.Length; i++)
        {
            if ((uint)copy[i].Label >= (uint)labelCount)
            {
                throw new ArgumentException($"Example {i} of {what} has label {copy[i].Label}, outside [0, {labelCount}).", what);
            }
        }

        return copy;
    }
}
