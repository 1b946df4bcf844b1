namespace SliceMoE.Data;

/// <summary>A translation corpus split three ways; each example pairs a source text with its translation.</summary>
public sealed class ParallelCorpus
{
    /// <summary>Creates a corpus.</summary>
    public ParallelCorpus(string name, string sourceLanguage, string targetLanguage, IReadOnlyList<SentencePair> train, IReadOnlyList<SentencePair> validation, IReadOnlyList<SentencePair> test, LoadReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(sourceLanguage);
        ArgumentNullException.ThrowIfNull(targetLanguage);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        Name = name;
        SourceLanguage = sourceLanguage;
        TargetLanguage = targetLanguage;
        Train = train.ToArray();
        Validation = validation.ToArray();
        Test = test.ToArray();
        Report = report ?? LoadReport.Clean(Train.Count + Validation.Count + Test.Count);
    }

    /// <summary>The corpus name, e.g. <c>libreoffice-help</c>.</summary>
    public string Name { get; }

    /// <summary>Source language code (ISO 639-1, e.g. <c>en</c>).</summary>
    public string SourceLanguage { get; }

    /// <summary>Target language code (e.g. <c>de</c>).</summary>
    public string TargetLanguage { get; }

    /// <summary>Training pairs.</summary>
    public IReadOnlyList<SentencePair> Train { get; }

    /// <summary>Validation pairs.</summary>
    public IReadOnlyList<SentencePair> Validation { get; }

    /// <summary>Test pairs.</summary>
    public IReadOnlyList<SentencePair> Test { get; }

    /// <summary>What loading read and what it skipped.</summary>
    public LoadReport Report { get; }

    /// <summary>Number of pairs over all three splits.</summary>
    public int Count => Train.Count + Validation.Count + Test.Count;

    /// <summary>The first <paramref name="maxTrain"/>, <paramref name="maxValidation"/> and <paramref name="maxTest"/> pairs of each split (null: all of it).</summary>
    public ParallelCorpus Cap(int? maxTrain, int? maxValidation = null, int? maxTest = null) =>
        new(Name, SourceLanguage, TargetLanguage, SplitCaps.Take(Train, maxTrain), SplitCaps.Take(Validation, maxValidation), SplitCaps.Take(Test, maxTest), Report);

    /// <summary>The same pairs with source and target exchanged (e.g. German to English).</summary>
    public ParallelCorpus Reversed() =>
        new(Name, TargetLanguage, SourceLanguage, Swap(Train), Swap(Validation), Swap(Test), Report);

    private static SentencePair[] Swap(IReadOnlyList<SentencePair> pairs) => pairs.Select(p => new SentencePair(p.Target, p.Source)).ToArray();
}
