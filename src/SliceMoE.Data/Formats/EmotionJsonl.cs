using System.Globalization;
using System.Text.Json;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Formats;

/// <summary>
/// EMOTION as JSON Lines, as the Hugging Face hub ships it: one object per line with a string <c>text</c> and a
/// <c>label</c> that is 0..5 or a class name. Blank lines are ignored. A data set folder holds
/// <c>train.jsonl</c>, <c>validation.jsonl</c> and <c>test.jsonl</c>.
/// </summary>
public static class EmotionJsonl
{
    /// <summary>Loads a data set folder, or one JSONL file split by <see cref="LoadOptions"/>.</summary>
    /// <exception cref="DataFormatException">On a malformed line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    /// <exception cref="FileNotFoundException">When the folder has no train.jsonl.</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null, string name = "emotion") =>
        EmotionFiles.Load(path, "jsonl", p => ReadFile(p, options), options, name);

    /// <summary>Reads one JSONL file in file order.</summary>
    /// <exception cref="DataFormatException">On a malformed line, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static LoadResult<LabeledText> ReadFile(string path, LoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var report = new LoadReportBuilder(options ?? LoadOptions.Default);
        var rows = new List<LabeledText>();
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

            var example = Parse(path, reader.LineNumber, line, out var error);
            if (error is not null)
            {
                report.Malformed(error);
                continue;
            }

            rows.Add(example!);
            report.CountLoaded();
        }

        if (rows.Count == 0)
        {
            throw DataFormatException.NoExamples(path, report.Skipped);
        }

        return new LoadResult<LabeledText>(rows, report.Build());
    }

    private static LabeledText? Parse(string path, long lineNumber, string line, out DataFormatException? error)
    {
        error = null;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            string column = ((ex.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
            error = new DataFormatException(path, lineNumber, column, $"invalid JSON: {ex.Message.Split(" Path:")[0]}", Hints.SkipRow);
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = new DataFormatException(path, lineNumber, "1", $"expected a JSON object {{\"text\": ..., \"label\": ...}}, found {root.ValueKind}", Hints.SkipRow);
                return null;
            }

            if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            {
                error = new DataFormatException(path, lineNumber, "text", "missing or non-string \"text\"", Hints.SkipRow);
                return null;
            }

            if (string.IsNullOrWhiteSpace(text.GetString()))
            {
                error = new DataFormatException(path, lineNumber, "text", "empty \"text\"", Hints.SkipRow);
                return null;
            }

            if (!root.TryGetProperty("label", out var label))
            {
                error = new DataFormatException(path, lineNumber, "label", "missing \"label\"", Hints.SkipRow);
                return null;
            }

            string labelText = label.ValueKind == JsonValueKind.String ? label.GetString()! : label.GetRawText();
            if (label.ValueKind is not (JsonValueKind.Number or JsonValueKind.String) || !EmotionLabels.TryParse(labelText, out int y))
            {
                error = EmotionLabels.BadLabel(path, lineNumber, "label", labelText);
                return null;
            }

            return new LabeledText(text.GetString()!.Trim(), y);
        }
    }
}
