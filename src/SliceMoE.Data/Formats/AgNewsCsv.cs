using System.Globalization;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Formats;

/// <summary>
/// AG NEWS and DBPEDIA-14 in the CSV layout of Zhang, Zhao and LeCun (2015): no header, three quoted fields
/// <c>"label","title","text"</c>, labels 1-based. A data set folder holds <c>train.csv</c> and <c>test.csv</c>,
/// optionally <c>validation.csv</c> and <c>classes.txt</c> (one class name per line). Each example's text is
/// the title and the text joined by a space.
/// </summary>
public static class AgNewsCsv
{
    /// <summary>AG NEWS class names, in label order.</summary>
    public static IReadOnlyList<string> AgNewsLabelNames { get; } = ["World", "Sports", "Business", "Sci/Tech"];

    /// <summary>DBPEDIA-14 class names, in label order.</summary>
    public static IReadOnlyList<string> DbpediaLabelNames { get; } =
        ["Company", "EducationalInstitution", "Artist", "Athlete", "OfficeHolder", "MeanOfTransportation", "Building",
         "NaturalPlace", "Village", "Animal", "Plant", "Album", "Film", "WrittenWork"];

    /// <summary>
    /// Loads a data set folder (or one CSV file, split by <see cref="LoadOptions"/>). Class names come from
    /// <paramref name="labelNames"/>, else from <c>classes.txt</c> beside the files, else they are "1".."K" for the
    /// largest label seen. Without a validation file, a stratified <see cref="LoadOptions.ValidationFraction"/> of train
    /// becomes validation.
    /// </summary>
    /// <exception cref="DataFormatException">On a malformed row, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    /// <exception cref="FileNotFoundException">When the folder has no train.csv.</exception>
    public static TextClassificationDataset Load(string path, IReadOnlyList<string>? labelNames = null, LoadOptions? options = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= LoadOptions.Default;
        bool isFile = File.Exists(path);
        string dir = isFile ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        var classes = Path.Combine(dir, "classes.txt");
        labelNames ??= File.Exists(classes) ? ClassificationFiles.ReadLabelNames(classes) : null;
        int? k = labelNames?.Count;

        string trainPath = isFile ? path : ClassificationFiles.RequireTrain(dir, "csv");
        string? validPath = isFile ? null : ClassificationFiles.Find(dir, ClassificationFiles.ValidationNames, "csv");
        string? testPath = isFile ? null : ClassificationFiles.Find(dir, ClassificationFiles.TestNames, "csv");
        var train = ReadFile(trainPath, k, options);
        var valid = validPath is null ? null : ReadFile(validPath, k, options);
        var test = testPath is null ? null : ReadFile(testPath, k, options);

        int maxLabel = new[] { train.Examples, valid?.Examples ?? [], test?.Examples ?? [] }
            .SelectMany(s => s).Select(x => x.Label + 1).DefaultIfEmpty(0).Max();
        labelNames ??= Enumerable.Range(1, maxLabel).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var report = ClassificationFiles.Merge(train.Report, valid?.Report ?? LoadReport.Clean(0), test?.Report ?? LoadReport.Clean(0));
        return ClassificationFiles.Assemble(
            name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(isFile ? Path.GetFileNameWithoutExtension(path) : Path.GetFullPath(dir))),
            labelNames,
            train.Examples,
            valid?.Examples,
            test?.Examples,
            options,
            report);
    }

    /// <summary>Reads one CSV file in file order. Labels must be 1..<paramref name="labelCount"/> (any positive integer when null).</summary>
    /// <exception cref="DataFormatException">On a malformed row, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<LabeledText> ReadFile(string path, int? labelCount = null, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var rows = new List<LabeledText>();
        foreach (var r in CsvRecords.Read(path))
        {
            if (r.Error is { } e)
            {
                report.Malformed(e);
                continue;
            }

            if (r.Fields.Length != 3)
            {
                report.Malformed(new DataFormatException(path, r.Line, (Math.Min(r.Fields.Length, 3) + 1).ToString(CultureInfo.InvariantCulture),
                    $"expected 3 fields \"label\",\"title\",\"text\", found {r.Fields.Length}", "quote fields that contain commas, or " + Hints.SkipRow));
                continue;
            }

            string field = r.Fields[0].Trim();
            if (!int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out int label) || label < 1 || (labelCount is { } kk && label > kk))
            {
                string range = labelCount is { } kmax ? $"1..{kmax}" : "a positive integer";
                report.Malformed(new DataFormatException(path, r.Line, "1 (label)",
                    $"bad label \"{CsvRecords.Shorten(field)}\": labels are 1-based integers, expected {range}", Hints.SkipRow));
                continue;
            }

            string text = JoinTitle(r.Fields[1], r.Fields[2]);
            if (text.Length == 0)
            {
                report.Malformed(new DataFormatException(path, r.Line, "2 (title)", "empty title and text", Hints.SkipRow));
                continue;
            }

            rows.Add(new LabeledText(text, label - 1));
            report.CountLoaded();
        }

        if (rows.Count == 0)
        {
            throw DataFormatException.NoExamples(path, report.Skipped);
        }

        return new LoadResult<LabeledText>(rows, report.Build());
    }

    /// <summary>The example text for a title and a body: both trimmed, joined by one space.</summary>
    public static string JoinTitle(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        string t = title.Trim(), b = text.Trim();
        return t.Length == 0 ? b : b.Length == 0 ? t : $"{t} {b}";
    }
}
