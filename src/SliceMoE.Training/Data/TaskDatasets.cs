using SliceMoE.Data;
using SliceMoE.Data.Fetching;
using SliceMoE.Data.Formats;

namespace SliceMoE.Training.Data;

/// <summary>
/// Resolves a config's <c>dataset</c> value: "sample" (shipped in data/sample), a catalogue name (fetched with
/// <c>slicemoe data fetch</c>), or a path in one of the paper's formats (agnews:FILE, dbpedia:FILE, emotion:FILE,
/// wikitext:DIR, tsv:FILE).
/// </summary>
public static class TaskDatasets
{
    /// <summary>A classification data set.</summary>
    public static TextClassificationDataset Classification(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.Classification(options),
            "agnews" => AgNewsCsv.Load(path, AgNewsCsv.AgNewsLabelNames, options, "ag_news"),
            "dbpedia" => AgNewsCsv.Load(path, AgNewsCsv.DbpediaLabelNames, options, "dbpedia_14"),
            "emotion" => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? EmotionJsonl.Load(path, options) : EmotionCsv.Load(path, options),
            _ => DataCatalog.LoadClassification(kind, options: options),
        };
    }

    /// <summary>A language-modelling corpus ("brown-lm" is the Brown corpus as running text).</summary>
    public static LanguageModelingCorpus LanguageModeling(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.LanguageModeling(options),
            "wikitext" => WikiText.Load(path, options),
            "brown-lm" => DataCatalog.LoadLanguageModeling("brown", options: options),
            _ => DataCatalog.LoadLanguageModeling(kind, options: options),
        };
    }

    /// <summary>A parallel corpus.</summary>
    public static ParallelCorpus Parallel(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.Translation(options),
            "tsv" => ParallelTsv.Load(path, options: options),
            _ => DataCatalog.LoadParallel(kind, options: options),
        };
    }

    private static (string Kind, string Path) Split(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, string.Empty);
    }
}
