using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

/// <summary>Against R's t.test on its built-in sleep data (the ?t.test example) and t.test(1:10, 7:20).</summary>
public class TTestTests
{
    private static readonly double[] Drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    private static readonly double[] Drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

    [Fact]
    public void Welch_matches_R()
    {
        // R: t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832
        var r = Statistics.WelchTTest(Drug1, Drug2);
        Assert.Equal(-1.8608, r.T, 4e-5);
        Assert.Equal(17.776, r.DegreesOfFreedom, 5e-4);
        Assert.Equal(0.07939, r.PValue, 5e-6);
        Assert.Equal(-1.58, r.MeanDifference, 1e-12);
        var (lo, hi) = r.ConfidenceInterval();
        Assert.Equal(-3.3654832, lo, 5e-8);
        Assert.Equal(0.2054832, hi, 5e-8);
        Assert.False(r.IsSignificant());
    }

    [Fact]
    public void Student_pooled_matches_R()
    {
        // R, var.equal = TRUE: t = -1.8608, df = 18, p-value = 0.07919, CI -3.363874 0.203874
        var r = Statistics.StudentTTest(Drug1, Drug2);
        Assert.Equal(-1.8608, r.T, 4e-5);
        Assert.Equal(18, r.DegreesOfFreedom);
        Assert.Equal(0.07919, r.PValue, 5e-6);
        var (lo, hi) = r.ConfidenceInterval();
        Assert.Equal(-3.363874, lo, 5e-7);
        Assert.Equal(0.203874, hi, 5e-7);
    }

    [Fact]
    public void Paired_matches_R()
    {
        // R, paired = TRUE: t = -4.0621, df = 9, p-value = 0.002833, CI -2.4598858 -0.7001142
        var r = Statistics.PairedTTest(Drug1, Drug2);
        Assert.Equal(-4.0621, r.T, 5e-5);
        Assert.Equal(9, r.DegreesOfFreedom);
        Assert.Equal(0.002833, r.PValue, 5e-7);
        var (lo, hi) = r.ConfidenceInterval();
        Assert.Equal(-2.4598858, lo, 5e-8);
        Assert.Equal(-0.7001142, hi, 5e-8);
        Assert.True(r.IsSignificant());
    }

    [Fact]
    public void Welch_with_very_unequal_samples_matches_R()
    {
        // R: t.test(1:10, y = c(7:20)) gives t = -5.4349, df = 21.982, p-value = 1.855e-05
        var r = Statistics.WelchTTest(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), Enumerable.Range(7, 14).Select(i => (double)i).ToArray());
        Assert.Equal(-5.4349, r.T, 5e-5);
        Assert.Equal(21.982, r.DegreesOfFreedom, 5e-4);
        Assert.Equal(1.855e-05, r.PValue, 5e-9);
    }

    [Fact]
    public void Swapping_the_samples_flips_t_and_keeps_p()
    {
        var ab = Statistics.WelchTTest(Drug1, Drug2);
        var ba = Statistics.WelchTTest(Drug2, Drug1);
        Assert.Equal(-ab.T, ba.T, 1e-12);
        Assert.Equal(ab.PValue, ba.PValue, 1e-15);
    }

    [Fact]
    public void Constant_samples_give_nan_or_infinite_t()
    {
        var same = Statistics.WelchTTest([0.9, 0.9, 0.9], [0.9, 0.9]);
        Assert.True(double.IsNaN(same.T) && double.IsNaN(same.PValue));
        var differ = Statistics.WelchTTest([0.9, 0.9, 0.9], [0.8, 0.8]);
        Assert.Equal(double.PositiveInfinity, differ.T);
        Assert.Equal(0, differ.PValue);
        Assert.Equal(3, differ.DegreesOfFreedom);
        var paired = Statistics.PairedTTest([1, 2, 3], [0, 1, 2]);
        Assert.Equal(double.PositiveInfinity, paired.T);
    }

    [Fact]
    public void Invalid_samples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Statistics.WelchTTest([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => Statistics.WelchTTest([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => Statistics.PairedTTest([1, 2, 3], [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Statistics.WelchTTest(Drug1, Drug2).ConfidenceInterval(1));
    }
}
