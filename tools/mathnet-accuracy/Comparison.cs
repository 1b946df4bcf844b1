namespace MathNetAccuracy;

/// <summary>One reference value, our result, MathNet's, and the tolerance the test allows.</summary>
internal readonly record struct Case(string Group, double Reference, double Ours, double MathNet, double Tolerance);

/// <summary>Collects cases and prints, per group, the largest error of each side and how many cases each would fail.</summary>
internal sealed class Comparison
{
    private readonly List<Case> _cases = [];

    public void Add(string group, double reference, double ours, double mathNet, double tolerance) =>
        _cases.Add(new Case(group, reference, ours, mathNet, tolerance));

    public void Print(TextWriter output, bool detail)
    {
        output.WriteLine("| reference values (tests/SliceMoE.Evaluation.Tests) | cases | test tolerance | ours: largest error | MathNet: largest error | ours fail | MathNet fail |");
        output.WriteLine("|:--|--:|--:|--:|--:|--:|--:|");
        foreach (var g in _cases.GroupBy(c => c.Group))
        {
            double lo = g.Min(c => c.Tolerance), hi = g.Max(c => c.Tolerance);
            string tolerance = lo == hi ? $"{lo:0e0}" : $"{lo:0e0} .. {hi:0e0}";
            output.WriteLine($"| {g.Key} | {g.Count()} | {tolerance} | {Largest(g.Select(c => Error(c.Ours, c.Reference)))} | " +
                $"{Largest(g.Select(c => Error(c.MathNet, c.Reference)))} | {g.Count(c => !Passes(c.Ours, c))} | {g.Count(c => !Passes(c.MathNet, c))} |");
        }

        if (detail)
        {
            foreach (var c in _cases.Where(c => !Passes(c.Ours, c) || !Passes(c.MathNet, c)))
            {
                output.WriteLine($"{c.Group}: reference {c.Reference:R}, ours {c.Ours:R}, MathNet {c.MathNet:R}, tolerance {c.Tolerance:0e0}");
            }
        }
    }

    private static bool Passes(double value, Case c) => Error(value, c.Reference) <= c.Tolerance;

    // Equal values (infinities included) have no error; NaN (a library that threw) has no finite error.
    private static double Error(double value, double reference) => value == reference ? 0 : Math.Abs(value - reference);

    private static string Largest(IEnumerable<double> errors)
    {
        var all = errors.ToArray();
        return all.Any(double.IsNaN) ? $"{all.Where(e => !double.IsNaN(e)).DefaultIfEmpty(0).Max():0.0e0}, NaN (threw)" : $"{all.Max():0.0e0}";
    }
}
