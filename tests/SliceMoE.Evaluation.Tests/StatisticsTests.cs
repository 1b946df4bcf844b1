using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

public class StatisticsTests
{
    [Fact]
    public void Mean_and_sample_standard_deviation_use_n_minus_1()
    {
        double[] x = [2, 4, 4, 4, 5, 5, 7, 9];
        Assert.Equal(5, Statistics.Mean(x));
        Assert.Equal(32.0 / 7, Statistics.Variance(x), 14);
        Assert.Equal(Math.Sqrt(32.0 / 7), Statistics.StandardDeviation(x), 14);
        Assert.Equal(Math.Sqrt(32.0 / 7) / Math.Sqrt(8), Statistics.StandardError(x), 14);
    }

    [Fact]
    public void Too_few_values_give_nan()
    {
        Assert.True(double.IsNaN(Statistics.Mean([])));
        Assert.True(double.IsNaN(Statistics.StandardDeviation([3])));
        Assert.Equal(3, Statistics.Mean([3]));
    }

    [Fact]
    public void Variance_is_accurate_for_large_offsets()
    {
        // A one-pass sum of squares loses every digit here; the two-pass form keeps them.
        double[] x = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
        Assert.Equal(30, Statistics.Variance(x), 9);
    }
}
