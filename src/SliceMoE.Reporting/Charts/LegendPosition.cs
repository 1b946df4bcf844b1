namespace SliceMoE.Reporting.Charts;

/// <summary>Where a chart's legend goes. The legend is always outside the plot area, so it never hides data.</summary>
public enum LegendPosition
{
    /// <summary>Right of the plot when it fits in a narrow column, otherwise below.</summary>
    Auto,

    /// <summary>A column to the right of the plot.</summary>
    Right,

    /// <summary>Rows below the x axis.</summary>
    Bottom,

    /// <summary>No legend.</summary>
    None,
}
