using SliceMoE.Data;
using SliceMoE.Data.Fetching;
using SliceMoE.Data.Formats;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Training.Data;

/// <summary>
/// The data source of the <c>slicemoe</c> command: a config's <c>dataset</c> value is "sample" (shipped in
/// data/sample), a path in one of the paper's formats (agnews:FILE, dbpedia:FILE, emotion:FILE, wikitext:DIR,
/// tsv:FILE), or a catalogue name, fetched with <c>slicemoe data fetch</c> into the data cache it is given.
/// </summary>
/// <param name="cache">The fetched data sets, or null when there are none (catalogue names and GloVe are then refused).</param>
public sealed class TaskDatasets(DataCache? cache) : ITaskDataSource
{
    /// <summary>The shipped sample and files in the paper's formats, without a data cache.</summary>
    public static TaskDatasets WithoutCache { get; } = new(null);

    /// <inheritdoc />
    public TextClassificationDataset Classification(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.Classification(options),
            "agnews" => AgNewsCsv.Load(path, AgNewsCsv.AgNewsLabelNames, options, "ag_news"),
            "dbpedia" => AgNewsCsv.Load(path, AgNewsCsv.DbpediaLabelNames, options, "dbpedia_14"),
            "emotion" => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? EmotionJsonl.Load(path, options) : EmotionCsv.Load(path, options),
            _ => DataCatalog.LoadClassification(kind, Cache(spec), options),
        };
    }

    /// <inheritdoc />
    /// <remarks>"brown-lm" is the Brown corpus as running text.</remarks>
    public LanguageModelingCorpus LanguageModeling(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.LanguageModeling(options),
            "wikitext" => WikiText.Load(path, options),
            "brown-lm" => DataCatalog.LoadLanguageModeling("brown", Cache(spec), options),
            _ => DataCatalog.LoadLanguageModeling(kind, Cache(spec), options),
        };
    }

    /// <inheritdoc />
    public ParallelCorpus Parallel(string spec, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (kind, path) = Split(spec);
        return kind switch
        {
            "sample" => SampleData.Translation(options),
            "tsv" => ParallelTsv.Load(path, options: options),
            _ => DataCatalog.LoadParallel(kind, Cache(spec), options),
        };
    }

    /// <inheritdoc />
    public GloveEmbeddings Glove()
    {
        var fetched = cache is not null && cache.IsFetched(KnownFiles.Glove.CatalogueName) ? cache : null;
        if (fetched is null)
        {
            throw new InvalidOperationException($"embeddings=glove needs the GloVe vectors: run `slicemoe data fetch {KnownFiles.Glove.CatalogueName}` first (118 MB download).");
        }

        string folder = fetched.GetPath(KnownFiles.Glove.CatalogueName);
        return GloveEmbeddings.Load(KnownFiles.Resolve(folder, KnownFiles.Glove.EmbeddingsJson), Path.Combine(folder, KnownFiles.Glove.CacheFileName));
    }

    private DataCache Cache(string spec) =>
        cache ?? throw new InvalidOperationException($"dataset = {spec} names a fetched data set, but this run has no data cache: use \"sample\", a file in one of the paper's formats, or the slicemoe command (which reads the cache).");

    private static (string Kind, string Path) Split(string spec)
    {
        int colon = spec.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, string.Empty);
    }
}
