using System.Text;
using SliceMoE.Data.Text;

namespace SliceMoE.Data.Substitutes;

/// <summary>
/// Streams the stanzas of a Debian control-format file (apt's <c>Packages</c> and <c>Translation-*</c> lists):
/// <c>Field: value</c> lines, continuation lines starting with a space, stanzas separated by blank lines.
/// Continuation lines are kept with their newline and leading space so that descriptions can be split into paragraphs.
/// </summary>
internal static class DebianControlReader
{
    public static IEnumerable<Dictionary<string, string>> Read(string path, LoadReportBuilder report, Func<string, bool>? keepField = null)
    {
        using var reader = new Utf8LineReader(path);
        var stanza = new Dictionary<string, string>(StringComparer.Ordinal);
        string? field = null;
        StringBuilder? value = null;
        bool bad = false;
        while (reader.TryReadLine(out var line))
        {
            if (line.Length == 0)
            {
                Flush();
                if (stanza.Count > 0 && !bad)
                {
                    yield return stanza;
                }

                stanza = new Dictionary<string, string>(StringComparer.Ordinal);
                bad = false;
                continue;
            }

            if (reader.LastLineError is { } e)
            {
                report.Malformed(e);
                bad = true;
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                value?.Append('\n').Append(line);
                continue;
            }

            Flush();
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                report.Malformed(new DataFormatException(path, reader.LineNumber, "1", "not a 'Field: value' line in a Debian control file", Hints.SkipRow));
                bad = true;
                continue;
            }

            field = line[..colon];
            value = keepField is null || keepField(field) ? new StringBuilder(line[(colon + 1)..].Trim()) : null;
        }

        Flush();
        if (stanza.Count > 0 && !bad)
        {
            yield return stanza;
        }

        void Flush()
        {
            if (field is not null && value is not null)
            {
                stanza[field] = value.ToString();
            }

            field = null;
            value = null;
        }
    }

    /// <summary>
    /// A long description's paragraphs: the first line (the synopsis) is the first paragraph; the extended text
    /// follows, with <c>" ."</c> lines separating paragraphs and the lines of a paragraph joined by spaces.
    /// </summary>
    public static List<string> Paragraphs(string description)
    {
        var lines = description.Split('\n');
        var paragraphs = new List<string> { lines[0].Trim() };
        var current = new StringBuilder();
        for (int i = 1; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (t == ".")
            {
                Close();
                continue;
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(t);
        }

        Close();
        return paragraphs;

        void Close()
        {
            if (current.Length > 0)
            {
                paragraphs.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
