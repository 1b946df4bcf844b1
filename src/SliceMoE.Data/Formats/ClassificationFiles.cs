namespace SliceMoE.Data.Formats;

/// <summary>
/// What the classification formats share: finding the split files in a folder, and turning the splits a source
/// has into the three a <see cref="TextClassificationDataset"/> has (carving validation, and test when missing,
/// out of train with a stratified split), shuffled and capped as <see cref="LoadOptions"/> asks.
/// </summary>
internal static class ClassificationFiles
{
    public static readonly string[] TrainNames = ["train"];
    public static readonly string[] ValidationNames = ["validation", "valid", "val", "dev"];
    public static readonly string[] TestNames = ["test"];

    /// <summary>The first of <c>{name}.{extension}</c> for the given names that exists in <paramref name="directory"/>.</summary>
    public static string? Find(string directory, IEnumerable<string> names, string extension)
    {
        foreach (var n in names)
        {
            var p = Path.Combine(directory, $"{n}.{extension}");
            if (File.Exists(p))
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>The train file, or a clear error listing what was looked for.</summary>
    public static string RequireTrain(string directory, string extension) =>
        Find(directory, TrainNames, extension)
        ?? throw new FileNotFoundException($"No train.{extension} in {directory}: a data set folder holds train.{extension}, optionally validation.{extension} (or valid/val/dev) and test.{extension}.", Path.Combine(directory, $"train.{extension}"));

    public static TextClassificationDataset Assemble(
        string name,
        IReadOnlyList<string> labelNames,
        IReadOnlyList<LabeledText> train,
        IReadOnlyList<LabeledText>? validation,
        IReadOnlyList<LabeledText>? test,
        LoadOptions options,
        LoadReport report)
    {
        if (validation is null || test is null)
        {
            double v = validation is null ? options.ValidationFraction : 0, t = test is null ? options.TestFraction : 0;
            var parts = DataSplits.StratifiedSplit(train, x => x.Label, v, t, options.Seed);
            train = parts.Train;
            validation ??= parts.Validation;
            test ??= parts.Test;
        }

        return new TextClassificationDataset(
            name,
            labelNames,
            Finish(train, options, 1),
            Finish(validation, options, 2),
            Finish(test, options, 3),
            report);
    }

    /// <summary>Deterministically shuffled (so that a cap keeps a random sample, not the file's first class), then capped.</summary>
    public static IReadOnlyList<T> Finish<T>(IReadOnlyList<T> split, LoadOptions options, ulong stream) =>
        DataSplits.Cap(DataSplits.Shuffle(split, options.Seed ^ (stream * 0x9E3779B97F4A7C15UL)), options.MaxPerSplit);

    public static LoadReport Merge(params LoadReport[] reports) =>
        new(reports.Sum(r => r.Loaded), reports.Sum(r => r.Skipped), reports.SelectMany(r => r.SkippedReasons).ToArray());

    public static string[] ReadLabelNames(string path)
    {
        var names = new List<string>();
        using var reader = new Text.Utf8LineReader(path);
        while (reader.TryReadLine(out var line))
        {
            if (reader.LastLineError is { } e)
            {
                throw e;
            }

            if (line.Trim().Length > 0)
            {
                names.Add(line.Trim());
            }
        }

        return names.ToArray();
    }
}
