namespace SliceMoE.Reporting.Charts;

/// <summary>One series of a <see cref="BarChart"/>: a value per category, optionally with error-bar half-widths.</summary>
public sealed class BarSeries
{
    /// <summary>Creates a series; <paramref name="errors"/> (same length, or null) are drawn as ± error bars.</summary>
    /// <exception cref="ArgumentException">When the error count differs from the value count.</exception>
    public BarSeries(string name, IReadOnlyList<double> values, IReadOnlyList<double>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (errors is not null && errors.Count != values.Count)
        {
            throw new ArgumentException($"Series '{name}' has {values.Count} values but {errors.Count} errors.", nameof(errors));
        }

        Name = name;
        Values = [.. values];
        Errors = errors is null ? null : [.. errors];
    }

    /// <summary>The legend label.</summary>
    public string Name { get; }

    /// <summary>One value per category; NaN leaves the bar out.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>Error-bar half-widths (e.g. standard deviations over seeds), or null.</summary>
    public IReadOnlyList<double>? Errors { get; }

    /// <summary>A <c>#rrggbb</c> colour; null for the palette colour of the series' position.</summary>
    public string? Color { get; set; }
}
