using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>
/// Builds the reproduction report from a plan and its finished runs: every table and figure of the paper with our
/// numbers beside the paper's, a verdict per claim, and the method. Sections whose runs are missing say so.
/// </summary>
public static class ReproductionReport
{
    /// <summary>The report document and the claims it judged.</summary>
    public static (ReportDocument Document, IReadOnlyList<Claim> Claims) Build(ReproductionPlan plan, IReadOnlyDictionary<string, RunResult> results, ReproductionEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(environment);
        var ctx = new ReportContext(plan, results);
        var doc = new ReportDocument("SliceMoE reproduction report")
        {
            Subtitle = $"Profile {plan.Profile.Name}: the paper's tables, figures and claims on the data at hand, with a verdict per claim.",
        };
        Action<ReportContext, ReportDocument>[] sections =
        [
            Table1Section.Write, BaselinesSection.Write, RoutersSection.Write, DynamicsSection.Write, SliceCountSection.Write, ShuffledSection.Write,
            NoiseSection.Write, TemperatureSection.Write, ConfusionSection.Write, SyntheticSection.Write, LanguageModelSection.Write,
            TranslationSection.Write, InterpretabilitySection.Write, SignificanceSection.Write, ProtocolSection.Write, SweepSection.Write, MethodsSection.Write, RunsSection.Write,
        ];
        foreach (var write in sections)
        {
            write(ctx, doc);
        }

        OverviewSection.Write(ctx, doc, environment);
        return (doc, ctx.Claims);
    }
}
