using SliceMoE.Reporting.Charts;

namespace SliceMoE.Tests.Reporting.Charts;

public class AxisTests
{
    [Fact]
    public void Fixed_bounds_are_kept_and_ticks_stay_inside_them()
    {
        var axis = new Axis { Min = 0.5, Max = 1 };
        var t = axis.Resolve([0.7, 0.8]);
        Assert.Equal(0.5, t.Min);
        Assert.Equal(1, t.Max);
        Assert.All(t.Values, v => Assert.InRange(v, 0.5, 1));
    }

    [Fact]
    public void One_fixed_bound_fits_the_other_to_the_data()
    {
        var t = new Axis { Max = 1 }.Resolve([0.42, 0.9]);
        Assert.Equal(1, t.Max);
        Assert.True(t.Min <= 0.42);
    }

    [Fact]
    public void Data_outside_a_log_axis_domain_is_ignored()
    {
        var t = new Axis { Scale = AxisScale.Log }.Resolve([-1, 0, double.NaN, 3, 30]);
        Assert.True(t.Min > 0 && t.Min <= 3 && t.Max >= 30);
    }

    [Fact]
    public void Tick_format_overrides_the_labels()
    {
        var t = new Axis { TickFormat = "P0" }.Resolve([0, 1]);
        Assert.Equal("0 %", t.Labels[0]);
        Assert.Equal("100 %", t.Labels[^1]);
    }

    [Fact]
    public void Include_zero_extends_the_range()
    {
        var t = new Axis().Resolve([0.93, 0.97], includeZero: true);
        Assert.Equal(0, t.Min);
    }

    [Fact]
    public void No_data_gives_the_unit_interval()
    {
        var t = new Axis().Resolve([]);
        Assert.Equal((0.0, 1.0), (t.Min, t.Max));
    }
}
