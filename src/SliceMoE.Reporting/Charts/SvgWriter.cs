using System.Text;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Writes indented SVG markup. Every attribute value and text node goes through <see cref="XmlText.Escape"/>;
/// numbers through <see cref="SvgFormat.Number"/>. The output uses LF line endings only.
/// </summary>
internal sealed class SvgWriter
{
    /// <summary>The font stack: system UI fonts first, then the fonts a bare Linux box has.</summary>
    public const string FontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif";

    private readonly StringBuilder _sb = new(8192);
    private readonly Stack<string> _open = new();

    public SvgWriter Open(string tag, params ReadOnlySpan<SvgAttr> attributes)
    {
        StartTag(tag, attributes);
        _sb.Append(">\n");
        _open.Push(tag);
        return this;
    }

    public SvgWriter Close()
    {
        string tag = _open.Pop();
        Indent();
        _sb.Append("</").Append(tag).Append(">\n");
        return this;
    }

    public SvgWriter Empty(string tag, params ReadOnlySpan<SvgAttr> attributes)
    {
        StartTag(tag, attributes);
        _sb.Append("/>\n");
        return this;
    }

    public SvgWriter Element(string tag, string text, params ReadOnlySpan<SvgAttr> attributes)
    {
        StartTag(tag, attributes);
        _sb.Append('>').Append(XmlText.Escape(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>Opens the root element with title and description (for screen readers) and a white background.</summary>
    public SvgWriter BeginDocument(double width, double height, string title, string description, string idPrefix)
    {
        Open(
            "svg",
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", width),
            ("height", height),
            ("viewBox", $"0 0 {SvgFormat.Number(width)} {SvgFormat.Number(height)}"),
            ("role", "img"),
            ("aria-labelledby", $"{idPrefix}-title {idPrefix}-desc"),
            ("font-family", FontFamily),
            ("font-size", "12"));
        Element("title", title, ("id", $"{idPrefix}-title"));
        Element("desc", description, ("id", $"{idPrefix}-desc"));
        Empty("rect", ("width", width), ("height", height), ("fill", "#ffffff"));
        return this;
    }

    /// <summary>One line of text. <paramref name="dy"/> shifts the baseline in em units ("0.35em" centres it vertically) because dominant-baseline is not honoured everywhere.</summary>
    public SvgWriter Text(double x, double y, string text, double size, string anchor = "start", string fill = ChartColors.Text, string? weight = null, string? dy = null, double rotate = 0)
    {
        return Element(
            "text",
            text,
            ("x", x),
            ("y", y),
            ("dy", dy),
            ("font-size", size),
            ("font-weight", weight),
            ("text-anchor", anchor == "start" ? null : anchor),
            ("fill", fill),
            ("transform", rotate == 0 ? null : $"rotate({SvgFormat.Number(rotate)} {SvgFormat.Number(x)} {SvgFormat.Number(y)})"));
    }

    public SvgWriter Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? dash = null)
    {
        return Empty("line", ("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2), ("stroke", stroke), ("stroke-width", width), ("stroke-dasharray", dash));
    }

    public override string ToString()
    {
        if (_open.Count != 0)
        {
            throw new InvalidOperationException($"SVG element <{_open.Peek()}> was never closed.");
        }

        return _sb.ToString();
    }

    private void StartTag(string tag, ReadOnlySpan<SvgAttr> attributes)
    {
        Indent();
        _sb.Append('<').Append(tag);
        foreach (var a in attributes)
        {
            if (a.Value is not null)
            {
                _sb.Append(' ').Append(a.Name).Append("=\"").Append(XmlText.Escape(a.Value)).Append('"');
            }
        }
    }

    private void Indent() => _sb.Append(' ', 2 * _open.Count);
}
