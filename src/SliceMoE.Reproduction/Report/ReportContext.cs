using System.Globalization;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>What every section of the report reads: the plan, the finished runs, and the claims judged so far.</summary>
internal sealed class ReportContext(ReproductionPlan plan, IReadOnlyDictionary<string, RunResult> results)
{
    public ReproductionPlan Plan { get; } = plan;

    public IReadOnlyDictionary<string, RunResult> Results { get; } = results;

    public List<Claim> Claims { get; } = [];

    public IReadOnlyList<string> ClassificationRoles => Plan.Data.Classification.Select(r => r.Key).ToArray();

    /// <summary>The finished runs of a variant, by seed.</summary>
    public IReadOnlyList<RunResult> Of(Variant v) => Plan.Seeds.Select(s => Results.GetValueOrDefault(Plan.Resolve(v).RunId(s))).OfType<RunResult>().ToArray();

    /// <summary>A metric of a variant over its finished seeds.</summary>
    public Stat Measure(Variant v, Func<RunResult, double?> metric) =>
        new(Of(v).Select(metric).Where(x => x is double d && double.IsFinite(d)).Select(x => x!.Value).ToArray());

    /// <summary>"AG NEWS stand-in: debian-descriptions" style names.</summary>
    public string RoleName(string role)
    {
        var r = Plan.Data[role];
        return r.IsPaperData ? r.PaperName : $"{r.PaperName} ({ShortSpec(r.Spec)})";
    }

    /// <summary>The paper's name of a role.</summary>
    public string PaperName(string role) => Plan.Data[role].PaperName;

    /// <summary>Judges a claim: records it and adds its verdict block to the section.</summary>
    public void Judge(ReportSection section, Claim claim)
    {
        Claims.Add(claim);
        section.AddVerdict(claim.Text, claim.Verdict, $"Paper: {claim.Paper}. Ours: {claim.Ours}. {claim.Evidence}");
    }

    /// <summary>A note for sections whose runs are not (all) done yet.</summary>
    public bool Missing(ReportSection section, params Variant[] needed)
    {
        var missing = needed.Where(v => Of(v).Count == 0).ToArray();
        if (missing.Length == 0)
        {
            return false;
        }

        section.AddParagraph($"Not run yet: {string.Join(", ", missing.Select(v => Plan.Resolve(v).RunId(1)))}. Run the same command again to finish the reproduction.");
        return true;
    }

    public static string Pp(double difference) => (100 * difference).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pp";

    public static string F(double value, string format = "0.000") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The value at x (NaN when x is not among xs).</summary>
    public static double ValueAt(IReadOnlyList<double> xs, IReadOnlyList<double> values, double x)
    {
        for (int i = 0; i < xs.Count; i++)
        {
            if (xs[i] == x)
            {
                return values[i];
            }
        }

        return double.NaN;
    }

    public static string P(Evaluation.TTestResult? test) => test is null ? "no t-test (fewer than 2 seeds per side)" : $"Welch p = {F(test.PValue, "0.0000")}";

    private static string ShortSpec(string spec) => spec.Contains(':', StringComparison.Ordinal) ? Path.GetFileName(spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..]) : spec;
}
