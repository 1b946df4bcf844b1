using SliceMoE.Numerics;
using SliceMoE.Reporting.Charts;

namespace SliceMoE.Tests.Reporting.Charts;

public class NiceTicksTests
{
    [Fact]
    public void Unit_interval_gets_fifths()
    {
        var t = NiceTicks.Linear(0, 1);
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], t.Values);
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], t.Labels);
        Assert.Equal((0.0, 1.0), (t.Min, t.Max));
    }

    [Fact]
    public void Narrow_accuracy_range_gets_hundredths_and_no_tick_outside_the_data_rounding()
    {
        // 0.93 / 0.01 is 92.99999999999999 in doubles; a naive floor would add a 0.92 tick.
        var t = NiceTicks.Linear(0.93, 0.97);
        Assert.Equal(["0.93", "0.94", "0.95", "0.96", "0.97"], t.Labels);
        Assert.Equal(0.93, t.Min);
        Assert.Equal(0.97, t.Max);
        Assert.Equal(0.95, t.Values[2]); // exactly the double 0.95, not 0.9500000000000001
    }

    [Fact]
    public void Range_across_zero_keeps_zero_as_a_tick()
    {
        var t = NiceTicks.Linear(-3, 7);
        Assert.Equal([-4, -2, 0, 2, 4, 6, 8], t.Values);
        Assert.Equal(["-4", "-2", "0", "2", "4", "6", "8"], t.Labels);
    }

    [Fact]
    public void Zero_range_at_zero_becomes_the_unit_interval()
    {
        var t = NiceTicks.Linear(0, 0);
        Assert.Equal(0, t.Min);
        Assert.Equal(1, t.Max);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(-2.5)]
    [InlineData(0.95)]
    [InlineData(1e-7)]
    [InlineData(3e9)]
    public void Constant_data_sits_inside_a_widened_range(double v)
    {
        var t = NiceTicks.Linear(v, v);
        Assert.True(t.Min < v && v < t.Max, $"{v} not strictly inside [{t.Min}, {t.Max}]");
        Assert.True(t.Values.Count >= 2);
        Assert.Equal(t.Labels.Count, t.Labels.Distinct().Count());
    }

    [Fact]
    public void Tiny_magnitudes_use_short_scientific_labels()
    {
        var t = NiceTicks.Linear(1e-5, 1e-3);
        Assert.Equal(["0", "2e-4", "4e-4", "6e-4", "8e-4", "1e-3"], t.Labels);
        Assert.Equal(0, t.Min);
        Assert.Equal(1e-3, t.Max);
    }

    [Fact]
    public void Huge_magnitudes_use_scientific_labels()
    {
        var t = NiceTicks.Linear(0, 3e6);
        Assert.Equal(["0", "5e5", "1e6", "1.5e6", "2e6", "2.5e6", "3e6"], t.Labels);
    }

    [Fact]
    public void Tiny_range_at_ordinary_magnitude_keeps_distinct_fixed_labels()
    {
        var t = NiceTicks.Linear(1.0000001, 1.0000002);
        Assert.Equal(t.Labels.Count, t.Labels.Distinct().Count());
        Assert.All(t.Labels, l => Assert.DoesNotContain("e", l, StringComparison.Ordinal));
        Assert.True(t.Min <= 1.0000001 && t.Max >= 1.0000002);
    }

    [Fact]
    public void Nan_and_infinite_bounds_are_ignored()
    {
        Assert.Equal((0.0, 1.0), (NiceTicks.Linear(double.NaN, double.NaN).Min, NiceTicks.Linear(double.NaN, double.NaN).Max));
        var t = NiceTicks.Linear(double.NaN, 5);
        Assert.True(t.Min < 5 && t.Max > 5);
        var u = NiceTicks.Linear(double.NegativeInfinity, double.PositiveInfinity);
        Assert.Equal((0.0, 1.0), (u.Min, u.Max));
    }

    [Fact]
    public void Fewer_than_three_ticks_cannot_cover_a_range_across_zero_and_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Linear(-1, 1, 2));
        Assert.Equal([-1, 0, 1], NiceTicks.Linear(-0.7, 0.4, 3).Values);
    }

    [Fact]
    public void Reversed_bounds_are_swapped()
    {
        Assert.Equal(NiceTicks.Linear(-3, 7).Values, NiceTicks.Linear(7, -3).Values);
    }

    [Fact]
    public void Random_ranges_always_give_few_evenly_spaced_ticks_covering_the_data()
    {
        var rng = new Rng(7);
        for (int i = 0; i < 2000; i++)
        {
            double scale = Math.Pow(10, (rng.NextDouble() * 16) - 8);
            double a = ((rng.NextDouble() * 2) - 1) * scale, b = ((rng.NextDouble() * 2) - 1) * scale;
            int maxTicks = 3 + rng.NextInt(8);
            var t = NiceTicks.Linear(a, b, maxTicks);
            Assert.InRange(t.Values.Count, 2, maxTicks);
            Assert.True(t.Min <= Math.Min(a, b) && t.Max >= Math.Max(a, b), $"[{t.Min}, {t.Max}] misses [{a}, {b}]");
            Assert.Equal(t.Values.Count, t.Labels.Count);
            Assert.Equal(t.Labels.Count, t.Labels.Distinct().Count());
            double step = t.Values[1] - t.Values[0];
            for (int k = 1; k < t.Values.Count; k++)
            {
                Assert.Equal(step, t.Values[k] - t.Values[k - 1], step * 1e-9);
            }
        }
    }

    [Fact]
    public void Log_axis_over_two_decades_ends_at_the_1_2_5_ticks_around_the_data()
    {
        var t = NiceTicks.Log(0.25, 4);
        Assert.Equal([0.2, 0.5, 1, 2, 5], t.Values);
        Assert.Equal(["0.2", "0.5", "1", "2", "5"], t.Labels);
        Assert.Equal((0.2, 5.0), (t.Min, t.Max));
    }

    [Fact]
    public void Log_axis_inside_one_1_2_5_step_gets_linear_ticks_around_the_data()
    {
        var t = NiceTicks.Log(258, 350);
        Assert.Equal([240, 260, 280, 300, 320, 340, 360], t.Values);
        Assert.Equal(["240", "260", "280", "300", "320", "340", "360"], t.Labels);
        Assert.Equal((240.0, 360.0), (t.Min, t.Max));
    }

    [Fact]
    public void Log_axis_over_tiny_values_uses_one_scientific_notation()
    {
        var t = NiceTicks.Log(1e-5, 1e-3);
        Assert.Equal(["1e-5", "2e-5", "5e-5", "1e-4", "2e-4", "5e-4", "1e-3"], t.Labels);
    }

    [Fact]
    public void Log_axis_over_many_decades_thins_the_powers_of_ten()
    {
        var t = NiceTicks.Log(1e-10, 1e10);
        Assert.InRange(t.Values.Count, 2, 8);
        Assert.Equal(1e-10, t.Min);
        Assert.Equal(1e10, t.Max);
    }

    [Fact]
    public void Log_axis_ignores_non_positive_bounds()
    {
        var t = NiceTicks.Log(-1, 50);
        Assert.True(t.Min > 0 && t.Min <= 50 && t.Max >= 50);
        var u = NiceTicks.Log(0, 0);
        Assert.Equal((1.0, 10.0), (u.Min, u.Max));
    }
}
