using SliceMoE.Data;
using SliceMoE.Data.Fetching;
using SliceMoE.Text;

namespace SliceMoE.Reproduction.Data;

/// <summary>
/// Which data each of the paper's experiments runs on: the paper's file when the user gave one, else the substitute
/// corpus of DATA.md when it is fetched, else the shipped sample (and the report says so). Also whether the frozen
/// pretrained word vectors (GloVe, the stand-in for the paper's frozen DistilBERT) are available.
/// </summary>
public sealed class ReproductionData
{
    private ReproductionData(IReadOnlyList<DataRole> roles, bool glove, string? gloveNote)
    {
        Roles = roles;
        Glove = glove;
        GloveNote = gloveNote;
    }

    /// <summary>The five roles, in the order agnews, dbpedia, emotion, lm, mt.</summary>
    public IReadOnlyList<DataRole> Roles { get; }

    /// <summary>The three classification roles (AG NEWS, DBPEDIA-14, EMOTION).</summary>
    public IReadOnlyList<DataRole> Classification => Roles.Where(r => r.Task == "classification").ToArray();

    /// <summary>Whether the GloVe vectors are fetched (frozen pretrained embeddings; also the ESS word vectors).</summary>
    public bool Glove { get; }

    /// <summary>Why GloVe is not used, or null.</summary>
    public string? GloveNote { get; }

    /// <summary>The role with this key.</summary>
    /// <exception cref="KeyNotFoundException">For an unknown key.</exception>
    public DataRole this[string key] => Roles.FirstOrDefault(r => r.Key == key) ?? throw new KeyNotFoundException($"No data role '{key}' (agnews, dbpedia, emotion, lm, mt).");

    /// <summary>Resolves every role against the user's files and the data cache.</summary>
    public static ReproductionData Resolve(PaperFiles files, DataCache cache)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(cache);
        var roles = new[]
        {
            Pick("agnews", "AG NEWS", "classification", files.AgNews, "agnews", "debian-descriptions", "Debian package descriptions, labelled by archive section", cache),
            Pick("dbpedia", "DBPEDIA-14", "classification", files.Dbpedia, "dbpedia", "wordnet", "WordNet noun glosses, labelled by lexicographer category", cache),
            Pick("emotion", "EMOTION", "classification", files.Emotion, "emotion", "fortunes", "Debian fortunes by category (no emotion corpus can be had here: a noisy stand-in)", cache),
            Pick("lm", "WikiText-103", "lm", files.WikiText, "wikitext", "sotu", "State of the Union addresses, split by year", cache),
            Pick("mt", "WMT En-De", "translation", files.Wmt, "tsv", "libreoffice-help", "LibreOffice help paragraphs, English-German", cache),
        };
        bool glove = cache.IsFetched(KnownFiles.Glove.CatalogueName);
        return new ReproductionData(roles, glove, glove ? null : $"GloVe is not fetched (run \"slicemoe data fetch {KnownFiles.Glove.CatalogueName}\"): embeddings are trained from scratch instead of frozen pretrained vectors, and the ESS uses the trained embeddings.");
    }

    /// <summary>The shipped sample for every role, no GloVe: what the tests and a machine without fetched data run on.</summary>
    public static ReproductionData SampleOnly()
    {
        const string why = "a sample-only run";
        return new ReproductionData(
            [
                SampleRole("agnews", "AG NEWS", "classification", why),
                SampleRole("dbpedia", "DBPEDIA-14", "classification", why),
                SampleRole("emotion", "EMOTION", "classification", why),
                SampleRole("lm", "WikiText-103", "lm", why),
                SampleRole("mt", "WMT En-De", "translation", why),
            ],
            glove: false,
            gloveNote: "GloVe is not used in a sample-only run: embeddings are trained from scratch, and the ESS uses the trained embeddings.");
    }

    private static DataRole Pick(string key, string paperName, string task, string? paperFile, string paperFormat, string substitute, string description, DataCache cache)
    {
        if (paperFile is not null)
        {
            if (!File.Exists(paperFile) && !Directory.Exists(paperFile))
            {
                throw new FileNotFoundException($"The {paperName} file or folder '{paperFile}' does not exist.", paperFile);
            }

            return new DataRole(key, paperName, task, $"{paperFormat}:{Path.GetFullPath(paperFile)}", $"the paper's own {paperName} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(paperFile))})", DataSourceKind.PaperFile);
        }

        if (cache.IsFetched(substitute))
        {
            return new DataRole(key, paperName, task, substitute, $"{substitute}: {description}", DataSourceKind.Substitute);
        }

        return SampleRole(key, paperName, task, $"{substitute} is not fetched (run \"slicemoe data fetch {substitute}\")");
    }

    private static DataRole SampleRole(string key, string paperName, string task, string why)
    {
        string what = task switch
        {
            "classification" => "the shipped sample of WordNet glosses",
            "lm" => "the shipped sample of State of the Union addresses",
            _ => "the shipped sample of LibreOffice help pairs",
        };
        return new DataRole(key, paperName, task, "sample", what, DataSourceKind.Sample, why);
    }
}
