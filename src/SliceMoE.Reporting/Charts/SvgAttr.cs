namespace SliceMoE.Reporting.Charts;

/// <summary>One SVG attribute; a null value means "leave the attribute out". Tuples convert implicitly so call sites read like markup.</summary>
internal readonly record struct SvgAttr(string Name, string? Value)
{
    public static implicit operator SvgAttr((string Name, string? Value) a) => new(a.Name, a.Value);

    public static implicit operator SvgAttr((string Name, double Value) a) => new(a.Name, SvgFormat.Number(a.Value));
}
