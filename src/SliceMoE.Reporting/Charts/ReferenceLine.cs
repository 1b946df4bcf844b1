namespace SliceMoE.Reporting.Charts;

/// <summary>A dashed horizontal line across the plot at <paramref name="Value"/>, labelled in the legend (e.g. uniform load 1/E).</summary>
/// <param name="Value">The y value.</param>
/// <param name="Label">The label; empty for none.</param>
public sealed record ReferenceLine(double Value, string Label);
