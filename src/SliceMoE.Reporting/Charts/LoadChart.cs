using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Per-expert load as bars (the fraction of slice assignments each expert received), one bar group per
/// expert and one bar per model or layer, with a dashed reference line at the uniform load 1/E and a cross
/// on every dead (zero-load) expert.
/// </summary>
public sealed class LoadChart : Chart
{
    private readonly List<BarSeries> _series = [];

    /// <summary>Creates a chart for <paramref name="experts"/> experts.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="experts"/> is not positive.</exception>
    public LoadChart(int experts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(experts);
        Experts = experts;
    }

    /// <summary>The number of experts E.</summary>
    public int Experts { get; }

    /// <summary>Expert labels (default 0 .. E-1).</summary>
    public IReadOnlyList<string>? ExpertLabels { get; set; }

    /// <summary>The value axis; its label defaults to "share of assignments".</summary>
    public Axis YAxis { get; } = new() { Label = "share of assignments" };

    /// <summary>The title under the expert labels.</summary>
    public string XLabel { get; set; } = "expert";

    /// <summary>The series, in drawing order.</summary>
    public IReadOnlyList<BarSeries> Series => _series;

    /// <summary>
    /// Adds the loads of one model or layer: E non-negative counts or fractions, normalised here to sum to 1
    /// (all zeros stay zeros).
    /// </summary>
    /// <exception cref="ArgumentException">When there are not E loads or one is negative.</exception>
    public BarSeries Add(string name, IReadOnlyList<double> loads)
    {
        ArgumentNullException.ThrowIfNull(loads);
        if (loads.Count != Experts)
        {
            throw new ArgumentException($"'{name}' has {loads.Count} loads for {Experts} experts.", nameof(loads));
        }

        if (loads.Any(l => !(l >= 0)))
        {
            throw new ArgumentException($"'{name}' has a negative or NaN load.", nameof(loads));
        }

        double sum = loads.Sum();
        var series = new BarSeries(name, loads.Select(l => sum > 0 ? l / sum : 0).ToArray());
        _series.Add(series);
        return series;
    }

    private protected override void Render(SvgWriter svg, string idPrefix)
    {
        var labels = ExpertLabels ?? Enumerable.Range(0, Experts).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var bars = new BarChart(labels)
        {
            Title = Title,
            Description = Description ?? Describe(),
            Width = Width,
            Height = Height,
            XLabel = XLabel,
            MarkZeros = true,
        };
        bars.YAxis.Label = YAxis.Label;
        bars.YAxis.Min = YAxis.Min;
        bars.YAxis.Max = YAxis.Max;
        bars.YAxis.MaxTicks = YAxis.MaxTicks;
        bars.YAxis.TickFormat = YAxis.TickFormat;
        foreach (var s in _series)
        {
            bars.Add(s);
        }

        bars.AddReferenceLine(1.0 / Experts, string.Create(CultureInfo.InvariantCulture, $"uniform 1/E = {1.0 / Experts:0.####}"));
        bars.RenderInto(svg, idPrefix);
    }

    private string Describe()
    {
        var parts = _series.Select(s =>
        {
            int dead = s.Values.Count(v => v == 0);
            double max = s.Values.Count == 0 ? 0 : s.Values.Max();
            return string.Create(CultureInfo.InvariantCulture, $"{s.Name}: max load {max:0.###} ({max * Experts:0.##}x uniform), {dead} dead");
        });
        return string.Create(CultureInfo.InvariantCulture, $"Per-expert load over {Experts} experts with the uniform share 1/{Experts} marked; {string.Join("; ", parts)}.");
    }
}
