using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>One axis of a chart: its title, scale, optional fixed bounds and tick format.</summary>
public sealed class Axis
{
    /// <summary>The axis title, e.g. "step" or "validation accuracy"; empty for none.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>Linear (default) or logarithmic.</summary>
    public AxisScale Scale { get; set; } = AxisScale.Linear;

    /// <summary>A fixed lower bound; null to fit the data (rounded out to a nice tick).</summary>
    public double? Min { get; set; }

    /// <summary>A fixed upper bound; null to fit the data (rounded out to a nice tick).</summary>
    public double? Max { get; set; }

    /// <summary>The most ticks a linear axis may get (at least 3).</summary>
    public int MaxTicks { get; set; } = 8;

    /// <summary>A .NET numeric format for the tick labels (invariant culture), e.g. "0.00" or "P0"; null picks one from the tick step.</summary>
    public string? TickFormat { get; set; }

    /// <summary>Computes the ticks for the finite values in <paramref name="data"/> (positive ones for a log axis).</summary>
    internal TickSet Resolve(IEnumerable<double> data, bool includeZero = false)
    {
        bool log = Scale == AxisScale.Log;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in data)
        {
            if (double.IsFinite(v) && (!log || v > 0))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        if (includeZero && !log && lo <= hi)
        {
            lo = Math.Min(lo, 0);
            hi = Math.Max(hi, 0);
        }

        bool hasMin = Min is double fmin && double.IsFinite(fmin) && (!log || fmin > 0);
        bool hasMax = Max is double fmax && double.IsFinite(fmax) && (!log || fmax > 0);
        if (hasMin)
        {
            lo = Min!.Value;
            hi = Math.Max(hi, lo);
        }

        if (hasMax)
        {
            hi = Max!.Value;
            lo = Math.Min(lo, hi);
        }

        var ticks = log ? NiceTicks.Log(lo, hi) : NiceTicks.Linear(lo, hi, MaxTicks);
        if (hasMin || hasMax)
        {
            double min = hasMin ? lo : ticks.Min, max = hasMax ? hi : ticks.Max;
            if (!(max > min))
            {
                max = min + (log ? min * 9 : 1);
            }

            double slack = (max - min) * 1e-9;
            var keep = Enumerable.Range(0, ticks.Values.Count).Where(i => ticks.Values[i] >= min - slack && ticks.Values[i] <= max + slack).ToArray();
            ticks = new TickSet(min, max, keep.Select(i => ticks.Values[i]).ToArray(), keep.Select(i => ticks.Labels[i]).ToArray());
        }

        if (TickFormat is not null)
        {
            ticks = ticks with { Labels = ticks.Values.Select(v => v.ToString(TickFormat, CultureInfo.InvariantCulture)).ToArray() };
        }

        return ticks;
    }
}
