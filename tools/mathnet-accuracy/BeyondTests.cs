using SliceMoE.Evaluation;
using MathNetDistributions = MathNet.Numerics.Distributions;

namespace MathNetAccuracy;

/// <summary>Two regimes the tests do not reach: far-tail quantiles (wide confidence intervals at few degrees of freedom) and p-values of tiny |t|.</summary>
internal static class BeyondTests
{
    public static void Print(TextWriter output)
    {
        output.WriteLine("| quantile | ours | MathNet |");
        output.WriteLine("|:--|--:|--:|");
        foreach (var (p, df) in new[] { (0.9995, 2.0), (0.9999, 1.0), (0.99995, 1.0), (0.99, 0.5) })
        {
            double m = ReferenceCases.MathNetQuantile(p, df);
            output.WriteLine($"| Q({p}, df {df}) | {StudentT.Quantile(p, df):R} | {(double.IsNaN(m) ? "NonConvergenceException" : m.ToString("R", System.Globalization.CultureInfo.InvariantCulture))} |");
        }

        output.WriteLine();
        output.WriteLine("| p-value of small t, df 10 | exact 1 - A(t) | ours: error | MathNet: error |");
        output.WriteLine("|:--|--:|--:|--:|");
        foreach (double t in new[] { 1e-2, 1e-4, 1e-6, 1e-8 })
        {
            double exact = 1 - Oracles.CentralProbability(t, 10);
            double mathNet = 2 * MathNetDistributions.StudentT.CDF(0, 1, 10, -t);
            output.WriteLine($"| t = {t:0e0} | {exact:R} | {Math.Abs(StudentT.TwoSidedPValue(t, 10) - exact):0.0e0} | {Math.Abs(mathNet - exact):0.0e0} |");
        }
    }
}
