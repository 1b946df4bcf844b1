using System.Text;

namespace SliceMoE.Reporting;

/// <summary>Preformatted text: a command line, a configuration, a log excerpt.</summary>
public sealed class CodeBlock : ReportBlock
{
    /// <summary>Creates a code block; <paramref name="language"/> (e.g. "bash", "json") is a highlighting hint, or empty.</summary>
    public CodeBlock(string code, string language = "")
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(language);
        if (language.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '+' or '_' or '.')))
        {
            throw new ArgumentException($"'{language}' is not a language name.", nameof(language));
        }

        Code = code.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');
        Language = language;
    }

    /// <summary>The text, with LF line endings.</summary>
    public string Code { get; }

    /// <summary>The language hint.</summary>
    public string Language { get; }

    internal override void WriteMarkdown(StringBuilder md, RenderContext context)
    {
        // The fence must be longer than any run of backticks inside the code.
        int longest = 0, run = 0;
        foreach (char c in Code)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        string fence = new('`', Math.Max(3, longest + 1));
        md.Append(fence).Append(Language).Append('\n').Append(Code).Append('\n').Append(fence).Append("\n\n");
    }

    internal override void WriteHtml(StringBuilder html, RenderContext context)
    {
        html.Append("<pre><code");
        if (Language.Length > 0)
        {
            html.Append(" class=\"language-").Append(Language).Append('"');
        }

        html.Append('>').Append(XmlText.Escape(Code)).Append("</code></pre>\n");
    }
}
