namespace SliceMoE.Reporting.Charts;

/// <summary>
/// One line of a <see cref="LineChart"/>: y over x, optionally with a shaded ±<see cref="Spread"/> band
/// (e.g. the standard deviation over seeds). A NaN or infinite y (or a non-positive one on a log axis)
/// breaks the line instead of dropping it to zero.
/// </summary>
public sealed class LineSeries
{
    /// <summary>Creates a series from paired x and y values.</summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public LineSeries(string name, IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"Series '{name}' has {x.Count} x values but {y.Count} y values.", nameof(y));
        }

        Name = name;
        X = [.. x];
        Y = [.. y];
    }

    /// <summary>Creates a series over x = 0, 1, 2, ... (e.g. one value per epoch).</summary>
    public LineSeries(string name, IReadOnlyList<double> y)
        : this(name, Enumerable.Range(0, y?.Count ?? 0).Select(i => (double)i).ToArray(), y!)
    {
    }

    /// <summary>The legend label; an empty name keeps the series out of the legend (e.g. a helper line).</summary>
    public string Name { get; }

    /// <summary>The x values.</summary>
    public IReadOnlyList<double> X { get; }

    /// <summary>The y values.</summary>
    public IReadOnlyList<double> Y { get; }

    /// <summary>Half-width of the shaded band around the line (same length as <see cref="Y"/>), or null for no band.</summary>
    public IReadOnlyList<double>? Spread { get; private set; }

    /// <summary>Draw the line dashed (e.g. "shuffled" beside a solid "contiguous").</summary>
    public bool Dashed { get; set; }

    /// <summary>Draw a marker at every point.</summary>
    public bool Markers { get; set; }

    /// <summary>The marker shape; null for the series' default shape.</summary>
    public MarkerShape? Marker { get; set; }

    /// <summary>A <c>#rrggbb</c> colour; null for the palette colour of the series' position. Give two series the same colour to pair them (solid and dashed).</summary>
    public string? Color { get; set; }

    /// <summary>Sets the band half-widths and returns this series.</summary>
    /// <exception cref="ArgumentException">When the length differs from <see cref="Y"/>.</exception>
    public LineSeries WithSpread(IReadOnlyList<double> spread)
    {
        ArgumentNullException.ThrowIfNull(spread);
        if (spread.Count != Y.Count)
        {
            throw new ArgumentException($"Series '{Name}' has {Y.Count} values but {spread.Count} spreads.", nameof(spread));
        }

        Spread = [.. spread];
        return this;
    }
}
