using System.Text;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// Debian <c>fortunes</c>: <c>usr/share/games/fortunes/&lt;category&gt;</c> files of sayings separated by <c>%</c>
/// lines. EMOTION has no real substitute here; six categories (<see cref="DefaultCategories"/>) give a noisy
/// six-class task of short, informal English of about EMOTION's length. Overstrike sequences (<c>_\b</c>) are removed.
/// Split stratified by <see cref="LoadOptions"/>.
/// </summary>
public static class Fortunes
{
    /// <summary>The six categories kept by default, in label order.</summary>
    public static IReadOnlyList<string> DefaultCategories { get; } = ["computers", "food", "love", "politics", "science", "sports"];

    /// <summary>Loads the chosen categories from a fetched <c>fortunes</c> folder (or the fortunes folder itself).</summary>
    /// <exception cref="DataFormatException">On invalid UTF-8, unless <see cref="LoadOptions.OnMalformed"/> is Skip (then that fortune is dropped).</exception>
    public static TextClassificationDataset Load(string path, LoadOptions? options = null, IReadOnlyList<string>? categories = null)
    {
        options ??= LoadOptions.Default;
        categories ??= DefaultCategories;
        string dir = CorpusPaths.Locate(path, "usr/share/games/fortunes");
        var report = new LoadReportBuilder(options);
        var examples = new List<LabeledText>();
        for (int label = 0; label < categories.Count; label++)
        {
            foreach (var text in ReadFile(CorpusPaths.Require(Path.Combine(dir, categories[label]), "fortunes"), report))
            {
                examples.Add(new LabeledText(text, label));
                report.CountLoaded();
            }
        }

        return Formats.ClassificationFiles.Assemble("fortunes", categories, examples, null, null, options, report.Build());
    }

    /// <summary>Removes overstrike sequences (a character then a backspace), which the fortune files use for underlining and bold.</summary>
    public static string RemoveOverstrike(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains('\b', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c == '\b')
            {
                if (sb.Length > 0)
                {
                    sb.Length--;
                }
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static IEnumerable<string> ReadFile(string file, LoadReportBuilder report)
    {
        using var reader = new Utf8LineReader(file);
        var current = new StringBuilder();
        bool bad = false;
        while (reader.TryReadLine(out var line))
        {
            if (line == "%")
            {
                if (Close() is { } t)
                {
                    yield return t;
                }

                continue;
            }

            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                bad = true;
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(RemoveOverstrike(line).TrimEnd());
        }

        if (Close() is { } last)
        {
            yield return last;
        }

        string? Close()
        {
            string t = current.ToString().Trim();
            bool ok = !bad && t.Length > 0;
            current.Clear();
            bad = false;
            return ok ? t : null;
        }
    }
}
