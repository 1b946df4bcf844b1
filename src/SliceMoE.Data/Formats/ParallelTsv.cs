using System.Globalization;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Formats;

/// <summary>
/// Parallel text as tab-separated values: one pair per line, <c>source&lt;TAB&gt;target</c>, no header, no quoting
/// (a text cannot contain a tab or a newline). Blank lines are ignored. A data set folder holds <c>train.tsv</c>,
/// optionally <c>validation.tsv</c> (or valid/val/dev) and <c>test.tsv</c>; one file alone is split by
/// <see cref="LoadOptions"/>.
/// </summary>
public static class ParallelTsv
{
    /// <summary>Loads a folder or one TSV file.</summary>
    /// <exception cref="DataFormatException">On a malformed line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    /// <exception cref="FileNotFoundException">When the folder has no train.tsv.</exception>
    public static ParallelCorpus Load(string path, string sourceLanguage = "en", string targetLanguage = "de", LoadOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= LoadOptions.Default;
        bool isFile = File.Exists(path);
        var train = ReadFile(isFile ? path : ClassificationFiles.RequireTrain(path, "tsv"), options);
        string? validPath = isFile ? null : ClassificationFiles.Find(path, ClassificationFiles.ValidationNames, "tsv");
        string? testPath = isFile ? null : ClassificationFiles.Find(path, ClassificationFiles.TestNames, "tsv");
        var valid = validPath is null ? null : ReadFile(validPath, options);
        var test = testPath is null ? null : ReadFile(testPath, options);
        var report = ClassificationFiles.Merge(train.Report, valid?.Report ?? LoadReport.Clean(0), test?.Report ?? LoadReport.Clean(0));
        name ??= isFile ? Path.GetFileNameWithoutExtension(path) : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        return Assemble(name, sourceLanguage, targetLanguage, train.Examples, valid?.Examples, test?.Examples, options, report);
    }

    /// <summary>Reads one TSV file in file order.</summary>
    /// <exception cref="DataFormatException">On a malformed line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<SentencePair> ReadFile(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var pairs = new List<SentencePair>();
        using var reader = new Utf8LineReader(path);
        while (reader.TryReadLine(out var line))
        {
            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                continue;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2)
            {
                int column = fields.Length < 2 ? line.Length + 1 : fields[0].Length + fields[1].Length + 2;
                report.Malformed(new DataFormatException(path, reader.LineNumber, column.ToString(CultureInfo.InvariantCulture),
                    $"expected 2 tab-separated fields source<TAB>target, found {fields.Length}", Hints.SkipRow));
                continue;
            }

            if (fields[0].Trim().Length == 0 || fields[1].Trim().Length == 0)
            {
                report.Malformed(new DataFormatException(path, reader.LineNumber, fields[0].Trim().Length == 0 ? "1 (source)" : "2 (target)",
                    "empty source or target text", Hints.SkipRow));
                continue;
            }

            pairs.Add(new SentencePair(fields[0].Trim(), fields[1].Trim()));
            report.CountLoaded();
        }

        if (pairs.Count == 0)
        {
            throw DataFormatException.NoExamples(path, report.Skipped);
        }

        return new LoadResult<SentencePair>(pairs, report.Build());
    }

    /// <summary>Writes pairs as TSV (tabs and newlines inside a text become spaces, so that the file reads back).</summary>
    public static void WriteFile(string path, IEnumerable<SentencePair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var p in pairs)
        {
            w.WriteLine($"{Clean(p.Source)}\t{Clean(p.Target)}");
        }
    }

    internal static ParallelCorpus Assemble(string name, string sourceLanguage, string targetLanguage, IReadOnlyList<SentencePair> train, IReadOnlyList<SentencePair>? validation, IReadOnlyList<SentencePair>? test, LoadOptions options, LoadReport report)
    {
        if (validation is null || test is null)
        {
            var parts = DataSplits.Split(train, validation is null ? options.ValidationFraction : 0, test is null ? options.TestFraction : 0, options.Seed);
            train = parts.Train;
            validation ??= parts.Validation;
            test ??= parts.Test;
        }

        return new ParallelCorpus(name, sourceLanguage, targetLanguage,
            ClassificationFiles.Finish(train, options, 1), ClassificationFiles.Finish(validation, options, 2), ClassificationFiles.Finish(test, options, 3), report);
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
