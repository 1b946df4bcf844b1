using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

public class StudentTTests
{
    [Fact]
    public void Two_sided_p_values_match_tables()
    {
        Assert.Equal(0.0733880, StudentT.TwoSidedPValue(2.0, 10), 1e-7); // R: 2 * pt(-2, 10) = 0.07338803
        Assert.Equal(0.05, StudentT.TwoSidedPValue(2.228138852, 10), 1e-9); // qt(0.975, 10)
        Assert.Equal(0.05, StudentT.TwoSidedPValue(12.70620473617471, 1), 1e-12); // tan(0.475 π)
        Assert.Equal(0.01, StudentT.TwoSidedPValue(2.5758293, 1e6), 2e-5); // ≈ the normal quantile
        Assert.Equal(1, StudentT.TwoSidedPValue(0, 5));
        Assert.Equal(0, StudentT.TwoSidedPValue(double.PositiveInfinity, 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    [InlineData(21)]
    public void P_values_match_the_closed_form_series_for_integer_degrees_of_freedom(int df)
    {
        for (double t = 0.05; t < 30; t *= 1.3)
        {
            Assert.Equal(ClosedFormTwoSided(t, df), StudentT.TwoSidedPValue(t, df), 1e-12);
            Assert.Equal(ClosedFormTwoSided(t, df), StudentT.TwoSidedPValue(-t, df), 1e-12);
        }
    }

    [Fact]
    public void Cdf_matches_the_closed_forms_for_one_and_two_degrees_of_freedom()
    {
        for (double t = -20; t <= 20; t += 0.37)
        {
            Assert.Equal(0.5 + (Math.Atan(t) / Math.PI), StudentT.Cdf(t, 1), 1e-13); // Cauchy
            Assert.Equal(0.5 + (t / (2 * Math.Sqrt(2 + (t * t)))), StudentT.Cdf(t, 2), 1e-13);
        }
    }

    [Fact]
    public void Tiny_p_values_keep_their_relative_precision()
    {
        // Forms without cancellation: df = 1, p = (2/π) atan(1/t); df = 2, p = 2 / (√(2+t²) (√(2+t²) + t)).
        foreach (double t in new[] { 1e3, 1e6, 1e9 })
        {
            double p1 = 2 / Math.PI * Math.Atan(1 / t);
            Assert.Equal(1, StudentT.TwoSidedPValue(t, 1) / p1, 1e-10);
            double r = Math.Sqrt(2 + (t * t));
            double p2 = 2 / (r * (r + t));
            Assert.Equal(1, StudentT.TwoSidedPValue(t, 2) / p2, 1e-10);
        }
    }

    [Fact]
    public void Quantile_inverts_the_cdf()
    {
        Assert.Equal(2.228138852, StudentT.Quantile(0.975, 10), 1e-9);
        Assert.Equal(-2.228138852, StudentT.Quantile(0.025, 10), 1e-9);
        Assert.Equal(0, StudentT.Quantile(0.5, 3));
        foreach (double df in new[] { 0.5, 1, 3.7, 30, 1000 })
        {
            foreach (double p in new[] { 0.001, 0.1, 0.6, 0.99 })
            {
                Assert.Equal(p, StudentT.Cdf(StudentT.Quantile(p, df), df), 1e-10);
            }
        }
    }

    [Fact]
    public void Invalid_degrees_of_freedom_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Cdf(1, double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 3));
    }

    // Abramowitz & Stegun 26.7.3: A(t|ν) = P(|T| ≤ t) as a finite series in θ = atan(t/√ν); p = 1 - A.
    private static double ClosedFormTwoSided(double t, int df)
    {
        double theta = Math.Atan(Math.Abs(t) / Math.Sqrt(df));
        double s = Math.Sin(theta), c = Math.Cos(theta);
        double a;
        if (df % 2 == 0)
        {
            double term = 1, sum = 1;
            for (int k = 2; k <= df - 2; k += 2)
            {
                term *= (k - 1.0) / k * c * c;
                sum += term;
            }

            a = s * sum;
        }
        else if (df == 1)
        {
            a = 2 * theta / Math.PI;
        }
        else
        {
            double term = c, sum = c;
            for (int k = 3; k <= df - 2; k += 2)
            {
                term *= (k - 1.0) / k * c * c;
                sum += term;
            }

            a = 2 / Math.PI * (theta + (s * sum));
        }

        return 1 - a;
    }
}
