using System.Text;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// A chart that renders itself as a self-contained SVG document (inline styles, a viewBox, a title and a
/// description for screen readers). Rendering is deterministic: the same data and settings give the same
/// bytes, with numbers in the invariant culture and at most two decimals of a pixel.
/// </summary>
public abstract class Chart
{
    private int _width = 720;
    private int _height = 420;

    private protected Chart()
    {
    }

    /// <summary>The title drawn above the chart and used as the SVG &lt;title&gt;; empty for none.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The SVG &lt;desc&gt; (read by screen readers); null for a generated summary of the data.</summary>
    public string? Description { get; set; }

    /// <summary>Width in pixels (the viewBox width); at least 200.</summary>
    public int Width
    {
        get => _width;
        set => _width = value >= 200 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A chart is at least 200 pixels wide.");
    }

    /// <summary>Height in pixels; a chart grows taller when its labels and legend need the room, and a heat map may end up shorter.</summary>
    public int Height
    {
        get => _height;
        set => _height = value >= 150 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A chart is at least 150 pixels high.");
    }

    /// <summary>Renders the chart as an SVG document, with element ids prefixed "chart".</summary>
    public string ToSvg() => ToSvg("chart");

    /// <summary>
    /// Renders the chart as an SVG document whose element ids all start with <paramref name="idPrefix"/>,
    /// so that several charts can be inlined in one HTML page without id clashes.
    /// </summary>
    /// <exception cref="ArgumentException">When the prefix is not a letter followed by letters, digits, '-' or '_'.</exception>
    public string ToSvg(string idPrefix)
    {
        ValidateIdPrefix(idPrefix);
        var svg = new SvgWriter();
        Render(svg, idPrefix);
        return svg.ToString();
    }

    /// <summary>Writes the SVG document to <paramref name="path"/> (UTF-8 without BOM), creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, ToSvg(), new UTF8Encoding(false));
    }

    /// <summary>Lays out and draws the whole document (root element included) into <paramref name="svg"/>.</summary>
    private protected abstract void Render(SvgWriter svg, string idPrefix);

    /// <summary>The description to use: the caller's, or a generated one.</summary>
    private protected string DescriptionOr(string generated) => Description ?? generated;

    internal static void ValidateIdPrefix(string idPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(idPrefix);
        if (!char.IsAsciiLetter(idPrefix[0]) || idPrefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ArgumentException($"'{idPrefix}' is not a valid id prefix (a letter, then letters, digits, '-' or '_').", nameof(idPrefix));
        }
    }
}
