using System.Globalization;
using System.Xml.Linq;
using Xunit.Sdk;

namespace SliceMoE.Tests.Reporting.Charts;

/// <summary>Parses chart output as XML and checks what every chart must satisfy.</summary>
internal static class SvgAssert
{
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Parses the SVG (throwing on malformed XML) and checks root, viewBox, title, desc and that no coordinate is NaN or infinite.</summary>
    public static XDocument WellFormed(string svg)
    {
        var doc = XDocument.Parse(svg);
        var root = doc.Root ?? throw new XunitException("No root element.");
        Assert.Equal(Svg + "svg", root.Name);
        Assert.NotNull(root.Attribute("viewBox"));
        Assert.NotNull(root.Element(Svg + "title"));
        Assert.NotNull(root.Element(Svg + "desc"));
        foreach (var a in doc.Descendants().SelectMany(e => e.Attributes()))
        {
            if (a.Value.Contains("NaN", StringComparison.Ordinal) || a.Value.Contains("Infinity", StringComparison.Ordinal) || a.Value.Contains('∞', StringComparison.Ordinal))
            {
                throw new XunitException($"Attribute {a.Name}=\"{a.Value}\" holds a non-finite number.");
            }
        }

        return doc;
    }

    public static double Num(XElement e, string attribute) =>
        double.Parse(e.Attribute(attribute)?.Value ?? throw new XunitException($"<{e.Name.LocalName}> has no {attribute}."), CultureInfo.InvariantCulture);

    /// <summary>The plot rectangle from the clip path (left, top, right, bottom), shrunk by the clip's margin.</summary>
    public static (double Left, double Top, double Right, double Bottom) Plot(XDocument doc, double margin)
    {
        var r = doc.Descendants(Svg + "clipPath").Single().Element(Svg + "rect")!;
        double x = Num(r, "x"), y = Num(r, "y"), w = Num(r, "width"), h = Num(r, "height");
        return (x + margin, y + margin, x + w - margin, y + h - margin);
    }

    public static IEnumerable<XElement> LegendTexts(XDocument doc) =>
        doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend").SelectMany(g => g.Elements(Svg + "text"));
}
