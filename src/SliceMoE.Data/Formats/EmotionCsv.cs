using System.Globalization;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Formats;

/// <summary>
/// EMOTION as CSV: a header <c>text,label</c> (the columns may come in either order; without a header they are
/// taken as text then label), labels 0..5 or their names (<see cref="EmotionLabels"/>). A data set folder holds
/// <c>train.csv</c>, <c>validation.csv</c> and <c>test.csv</c> (missing splits are carved out of train).
/// </summary>
public static class EmotionCsv
{
    /// <summary>Loads a data set folder, or one CSV file split by <see cref="LoadOptions"/>.</summary>
    /// <exception cref="DataFormatException">On a malformed row, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    /// <exception cref="FileNotFoundException">When the folder has no train.csv.</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null, string name = "emotion") =>
        EmotionFiles.Load(path, "csv", p => ReadFile(p, options), options, name);

    /// <summary>Reads one CSV file in file order.</summary>
    /// <exception cref="DataFormatException">On a malformed row, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<LabeledText> ReadFile(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var rows = new List<LabeledText>();
        int textColumn = 0, labelColumn = 1;
        bool first = true;
        foreach (var r in CsvRecords.Read(path))
        {
            if (first)
            {
                first = false;
                if (r.Error is null && r.Fields.Length == 2 && IsHeader(r.Fields, out textColumn, out labelColumn))
                {
                    continue;
                }
            }

            if (r.Error is { } e)
            {
                report.Malformed(e);
                continue;
            }

            if (r.Fields.Length != 2)
            {
                report.Malformed(new DataFormatException(path, r.Line, (Math.Min(r.Fields.Length, 2) + 1).ToString(CultureInfo.InvariantCulture),
                    $"expected 2 fields text,label, found {r.Fields.Length}", "quote texts that contain commas, or " + Hints.SkipRow));
                continue;
            }

            if (!EmotionLabels.TryParse(r.Fields[labelColumn], out int label))
            {
                report.Malformed(EmotionLabels.BadLabel(path, r.Line, $"{labelColumn + 1} (label)", r.Fields[labelColumn]));
                continue;
            }

            if (string.IsNullOrWhiteSpace(r.Fields[textColumn]))
            {
                report.Malformed(new DataFormatException(path, r.Line, $"{textColumn + 1} (text)", "empty text", Hints.SkipRow));
                continue;
            }

            rows.Add(new LabeledText(r.Fields[textColumn].Trim(), label));
            report.CountLoaded();
        }

        if (rows.Count == 0)
        {
            throw DataFormatException.NoExamples(path, report.Skipped);
        }

        return new LoadResult<LabeledText>(rows, report.Build());
    }

    private static bool IsHeader(string[] fields, out int textColumn, out int labelColumn)
    {
        textColumn = Array.FindIndex(fields, f => f.Trim().Equals("text", StringComparison.OrdinalIgnoreCase));
        labelColumn = Array.FindIndex(fields, f => f.Trim().Equals("label", StringComparison.OrdinalIgnoreCase));
        if (textColumn >= 0 && labelColumn >= 0)
        {
            return true;
        }

        (textColumn, labelColumn) = (0, 1);
        return false;
    }
}
