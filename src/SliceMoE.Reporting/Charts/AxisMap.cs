namespace SliceMoE.Reporting.Charts;

/// <summary>Maps data values on [d0, d1] (linearly or in log10) to pixels on [p0, p1].</summary>
internal readonly struct AxisMap
{
    private readonly double _d0, _d1, _p0, _p1;
    private readonly bool _log;

    public AxisMap(TickSet ticks, double p0, double p1, bool log)
    {
        _log = log;
        _d0 = log ? Math.Log10(ticks.Min) : ticks.Min;
        _d1 = log ? Math.Log10(ticks.Max) : ticks.Max;
        _p0 = p0;
        _p1 = p1;
    }

    /// <summary>Whether <paramref name="v"/> can be placed at all (finite, and positive on a log axis).</summary>
    public bool CanMap(double v) => double.IsFinite(v) && (!_log || v > 0);

    public double Map(double v)
    {
        double d = _log ? Math.Log10(v) : v;
        double span = _d1 - _d0;
        double t = span == 0 ? 0.5 : (d - _d0) / span;
        return _p0 + (t * (_p1 - _p0));
    }

    /// <summary>Like <see cref="Map"/> but held to the axis range (for bands and bars that run off the chart).</summary>
    public double MapClamped(double v)
    {
        double p = CanMap(v) ? Map(v) : _p0;
        return Math.Clamp(p, Math.Min(_p0, _p1), Math.Max(_p0, _p1));
    }
}
