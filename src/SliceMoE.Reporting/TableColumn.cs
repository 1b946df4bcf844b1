namespace SliceMoE.Reporting;

/// <summary>How a table column's cells are aligned.</summary>
public enum ColumnAlignment
{
    /// <summary>Right if every non-empty cell is a number, otherwise left.</summary>
    Auto,

    /// <summary>Left-aligned.</summary>
    Left,

    /// <summary>Right-aligned (numbers line up on their last digit).</summary>
    Right,

    /// <summary>Centred.</summary>
    Center,
}

/// <summary>A table column: its header, alignment and the .NET format of its numbers (invariant culture).</summary>
/// <param name="Header">The header text.</param>
/// <param name="Alignment">The alignment.</param>
/// <param name="Format">A numeric format such as "0.000", "F1" or "P1"; null for "0.####" (doubles) or plain integers.</param>
public sealed record TableColumn(string Header, ColumnAlignment Alignment = ColumnAlignment.Auto, string? Format = null)
{
    /// <summary>A column with just a header (automatic alignment and format).</summary>
    public static implicit operator TableColumn(string header) => new(header);

    /// <summary>Creates a column with just a header (the named alternative to the implicit conversion).</summary>
    public static TableColumn FromString(string header) => new(header);
}
