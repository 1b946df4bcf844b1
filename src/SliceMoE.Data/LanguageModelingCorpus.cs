namespace SliceMoE.Data;

/// <summary>
/// A language-modelling corpus split three ways. Each split is a list of documents (an article, an address,
/// a chapter) of raw text, in reading order, so that no split has to be one huge string and a model can reset
/// its context at document boundaries. Joining the documents of a split with a blank line gives the split's
/// running text.
/// </summary>
public sealed class LanguageModelingCorpus
{
    /// <summary>Creates a corpus.</summary>
    public LanguageModelingCorpus(string name, IReadOnlyList<string> train, IReadOnlyList<string> validation, IReadOnlyList<string> test, LoadReport? report = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(test);
        Name = name;
        Train = train.ToArray();
        Validation = validation.ToArray();
        Test = test.ToArray();
        Report = report ?? LoadReport.Clean(Train.Count + Validation.Count + Test.Count);
    }

    /// <summary>The corpus name, e.g. <c>sotu</c> or <c>wikitext</c>.</summary>
    public string Name { get; }

    /// <summary>Training documents.</summary>
    public IReadOnlyList<string> Train { get; }

    /// <summary>Validation documents.</summary>
    public IReadOnlyList<string> Validation { get; }

    /// <summary>Test documents.</summary>
    public IReadOnlyList<string> Test { get; }

    /// <summary>What loading read and what it skipped (counted in documents).</summary>
    public LoadReport Report { get; }

    /// <summary>Whitespace-separated words in a split (the unit DATA.md and WikiText's statistics count).</summary>
    public static long CountWords(IReadOnlyList<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        long words = 0;
        foreach (var d in documents)
        {
            words += WordCount.Of(d);
        }

        return words;
    }

    /// <summary>Whitespace-separated words over all three splits.</summary>
    public long WordCountTotal => CountWords(Train) + CountWords(Validation) + CountWords(Test);
}
