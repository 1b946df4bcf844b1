namespace SliceMoE.Reporting.Charts;

/// <summary>How data values map to positions along an axis.</summary>
public enum AxisScale
{
    /// <summary>Evenly spaced values.</summary>
    Linear,

    /// <summary>Base-10 logarithmic; values that are not positive are left out.</summary>
    Log,
}
