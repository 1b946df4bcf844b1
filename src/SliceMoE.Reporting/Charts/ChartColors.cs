namespace SliceMoE.Reporting.Charts;

/// <summary>The neutral colours every chart shares (text, grid, axes).</summary>
internal static class ChartColors
{
    public const string Text = "#222222";
    public const string MutedText = "#555555";
    public const string Grid = "#e6e6e6";
    public const string Axis = "#666666";
    public const string Reference = "#333333";
    public const string Missing = "#f0f0f0";
}
