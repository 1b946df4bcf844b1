namespace SliceMoE.Reporting.Charts;

/// <summary>One point of a <see cref="ScatterSeries"/>, with an optional text label drawn beside it.</summary>
/// <param name="X">The x value.</param>
/// <param name="Y">The y value.</param>
/// <param name="Label">The label, or null for none.</param>
public readonly record struct ScatterPoint(double X, double Y, string? Label = null);

/// <summary>A named group of points (e.g. one model across datasets, or the slices one expert received).</summary>
public sealed class ScatterSeries
{
    private readonly List<ScatterPoint> _points = [];

    /// <summary>Creates an empty series.</summary>
    public ScatterSeries(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The legend label.</summary>
    public string Name { get; }

    /// <summary>The points, in the order added.</summary>
    public IReadOnlyList<ScatterPoint> Points => _points;

    /// <summary>A <c>#rrggbb</c> colour; null for the palette colour of the series' position.</summary>
    public string? Color { get; set; }

    /// <summary>The marker shape; null for the series' default shape.</summary>
    public MarkerShape? Shape { get; set; }

    /// <summary>Marker radius in pixels.</summary>
    public double Radius { get; set; } = 5;

    /// <summary>Marker opacity, lower for dense clouds of points.</summary>
    public double Opacity { get; set; } = 1;

    /// <summary>Adds a point and returns this series.</summary>
    public ScatterSeries Add(double x, double y, string? label = null)
    {
        _points.Add(new ScatterPoint(x, y, label));
        return this;
    }
}
