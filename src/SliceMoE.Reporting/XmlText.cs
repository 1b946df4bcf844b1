using System.Text;

namespace SliceMoE.Reporting;

/// <summary>
/// Escapes user text for XML, SVG and HTML (text and attribute values alike). Characters that XML 1.0
/// cannot hold at all (most control characters, lone surrogates) become U+FFFD, so any string a caller
/// passes (a dataset name, a model id read from a file) still gives a well-formed document.
/// </summary>
internal static class XmlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (!NeedsWork(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[i + 1]);
                        i++;
                    }
                    else if (IsXmlChar(c))
                    {
                        sb.Append(c);
                    }
                    else
                    {
                        sb.Append('\uFFFD');
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    private static bool NeedsWork(string text)
    {
        foreach (char c in text)
        {
            if (c is '&' or '<' or '>' or '"' or '\'' || !IsXmlChar(c))
            {
                return true;
            }
        }

        return false;
    }

    // XML 1.0 Char production, BMP part; surrogates are handled in pairs by the caller.
    private static bool IsXmlChar(char c) =>
        c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uD7FF') || (c >= '\uE000' && c <= '\uFFFD');
}
