using System.Text;

namespace SliceMoE.Reporting;

/// <summary>
/// Escapes plain text for GitHub-flavoured Markdown so that user strings (model names with underscores,
/// "a|b", "&lt;unk&gt;") show as written instead of turning into emphasis, table cells or HTML.
/// </summary>
internal static class MarkdownText
{
    private const string Special = "\\`*_[]<>|~";

    public static string Escape(string text) => Escape(text, blockStart: true);

    /// <summary>Escapes text for a table cell: as <see cref="Escape(string)"/>, with line breaks as &lt;br&gt; (a cell is one line, so nothing in it can start a block).</summary>
    public static string Cell(string text) =>
        Escape(text, blockStart: false).Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string Escape(string text, bool blockStart)
    {
        var sb = new StringBuilder(text.Length + 8);
        bool lineStart = blockStart;
        foreach (char c in text)
        {
            if (lineStart && c is '#' or '-' or '+' or '=')
            {
                sb.Append('\\'); // would start a heading, list item or setext underline
            }

            if (Special.Contains(c, StringComparison.Ordinal))
            {
                sb.Append('\\');
            }

            sb.Append(c);
            lineStart = blockStart && (c == '\n' || (lineStart && c == ' '));
        }

        return sb.ToString();
    }
}
