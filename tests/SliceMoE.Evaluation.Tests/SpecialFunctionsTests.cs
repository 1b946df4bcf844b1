using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(0.5, 0.57236494292470008)] // ln √π
    [InlineData(10.0, 12.801827480081469)] // ln 9!
    [InlineData(0.1, 2.2527126517342059)]
    [InlineData(100.0, 359.13420536957540)]
    public void LogGamma_matches_known_values(double x, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.LogGamma(x), 1e-12 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void LogGamma_satisfies_the_recurrence()
    {
        for (double x = 0.05; x < 50; x *= 1.37)
        {
            Assert.Equal(SpecialFunctions.LogGamma(x) + Math.Log(x), SpecialFunctions.LogGamma(x + 1), 1e-11 * Math.Max(1, Math.Abs(SpecialFunctions.LogGamma(x + 1))));
        }
    }

    [Fact]
    public void Incomplete_beta_matches_the_binomial_sum_for_integer_parameters()
    {
        // For integers, I_x(a, b) = P(Binomial(a+b-1, x) >= a): an independent oracle.
        foreach (int a in new[] { 1, 2, 3, 5, 10, 30 })
        {
            foreach (int b in new[] { 1, 2, 4, 7, 25 })
            {
                foreach (double x in new[] { 0.01, 0.1, 0.3, 0.5, 0.77, 0.95, 0.999 })
                {
                    Assert.Equal(BinomialTail(a + b - 1, a, x), SpecialFunctions.RegularizedIncompleteBeta(a, b, x), 1e-12);
                }
            }
        }
    }

    [Fact]
    public void Incomplete_beta_closed_forms_and_symmetry()
    {
        for (double x = 0.05; x < 1; x += 0.1)
        {
            Assert.Equal(Math.Pow(x, 2.5), SpecialFunctions.RegularizedIncompleteBeta(2.5, 1, x), 1e-13);
            Assert.Equal(1 - Math.Pow(1 - x, 3.5), SpecialFunctions.RegularizedIncompleteBeta(1, 3.5, x), 1e-13);
            Assert.Equal(1 - SpecialFunctions.RegularizedIncompleteBeta(4.2, 0.7, 1 - x), SpecialFunctions.RegularizedIncompleteBeta(0.7, 4.2, x), 1e-13);
            // I_x(1/2, 1/2) = (2/π) asin √x (the arcsine distribution).
            Assert.Equal(2 / Math.PI * Math.Asin(Math.Sqrt(x)), SpecialFunctions.RegularizedIncompleteBeta(0.5, 0.5, x), 1e-13);
        }

        Assert.Equal(0.5, SpecialFunctions.RegularizedIncompleteBeta(7.3, 7.3, 0.5), 1e-14);
        Assert.Equal(0, SpecialFunctions.RegularizedIncompleteBeta(2, 3, 0));
        Assert.Equal(1, SpecialFunctions.RegularizedIncompleteBeta(2, 3, 1));
    }

    [Fact]
    public void Incomplete_beta_rejects_invalid_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(0, 1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(1, -1, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(1, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.RegularizedIncompleteBeta(1, 1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpecialFunctions.LogGamma(0));
    }

    private static double BinomialTail(int n, int k, double p)
    {
        double sum = 0;
        for (int j = k; j <= n; j++)
        {
            sum += Math.Exp(LogChoose(n, j) + (j * Math.Log(p)) + ((n - j) * Math.Log(1 - p)));
        }

        return sum;
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++)
        {
            s += Math.Log(n - k + i) - Math.Log(i);
        }

        return s;
    }
}
