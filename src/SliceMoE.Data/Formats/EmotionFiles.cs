namespace SliceMoE.Data.Formats;

/// <summary>The folder layout EMOTION's CSV and JSONL forms share.</summary>
internal static class EmotionFiles
{
    public static TextClassificationDataset Load(string path, string extension, Func<string, LoadResult<LabeledText>> read, LoadOptions? options, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= LoadOptions.Default;
        bool isFile = File.Exists(path);
        var train = read(isFile ? path : ClassificationFiles.RequireTrain(path, extension));
        string? validPath = isFile ? null : ClassificationFiles.Find(path, ClassificationFiles.ValidationNames, extension);
        string? testPath = isFile ? null : ClassificationFiles.Find(path, ClassificationFiles.TestNames, extension);
        var valid = validPath is null ? null : read(validPath);
        var test = testPath is null ? null : read(testPath);
        var report = ClassificationFiles.Merge(train.Report, valid?.Report ?? LoadReport.Clean(0), test?.Report ?? LoadReport.Clean(0));
        return ClassificationFiles.Assemble(name, EmotionLabels.Names, train.Examples, valid?.Examples, test?.Examples, options, report);
    }
}
