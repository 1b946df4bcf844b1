using System.CommandLine;
using SliceMoE.Compute;
using SliceMoE.Data.Fetching;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Cli.Commands.Reproduce;

/// <summary><c>slicemoe reproduce</c>: the paper's tables and figures on the data at hand, with a report and a verdict per claim.</summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "quick (every table and figure at small scale, one seed, under 20 minutes on 2 cores), medium (multi-layer models, 3 seeds, a learning-rate sweep: hours, resumable across sittings), full (3 seeds, d = 96, one layer) or micro (seconds; for tests).", DefaultValueFactory = _ => "quick" };
        profile.AcceptOnlyFromAmong([.. ReproductionProfile.Names]);
        var output = new Option<string?>("--out") { Description = "Output folder: report.md, report.html, figures/, metrics and runs/ (default: out/reproduction-PROFILE). Running again into the same folder resumes." };
        var agnews = new Option<string?>("--agnews") { Description = "The paper's AG NEWS CSV (\"label\",\"title\",\"text\") instead of its substitute." };
        var dbpedia = new Option<string?>("--dbpedia") { Description = "The paper's DBPEDIA-14 CSV instead of its substitute." };
        var emotion = new Option<string?>("--emotion") { Description = "The paper's EMOTION CSV or JSONL instead of its substitute." };
        var wikitext = new Option<string?>("--wikitext") { Description = "The paper's WikiText-103 folder (wiki.{train,valid,test}.tokens) instead of its substitute." };
        var wmt = new Option<string?>("--wmt") { Description = "A WMT En-De TSV (English<TAB>German) instead of its substitute." };
        var sampleOnly = new Option<bool>("--sample-only") { Description = "Use the shipped sample for every data set and no GloVe (what a machine without fetched data would use anyway)." };
        var reportOnly = new Option<bool>("--report-only") { Description = "Train nothing: rebuild the report and metrics from the runs already finished in the output folder." };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: all cores)." };
        var quiet = new Option<bool>("--quiet") { Description = "Only the run lines, no detail lines." };
        var command = new Command("reproduce", "Run the paper's experiments (Tables 1-2, Figures 1-7, LM, MT, expert specialisation) on the substitute corpora or the paper's files, and write a report with the paper's numbers beside ours and a verdict per claim. Interrupt with Ctrl-C and run again to resume.")
        {
            profile, output, agnews, dbpedia, emotion, wikitext, wmt, sampleOnly, reportOnly, threads, quiet,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var console = parse.InvocationConfiguration.Output;
            if (parse.GetValue(threads) is int n)
            {
                ComputeThreads.Count = n;
            }

            string name = parse.GetValue(profile)!;
            var files = new PaperFiles(parse.GetValue(agnews), parse.GetValue(dbpedia), parse.GetValue(emotion), parse.GetValue(wikitext), parse.GetValue(wmt));
            var cache = CliData.Cache();
            var data = parse.GetValue(sampleOnly) ? ReproductionData.SampleOnly() : ReproductionData.Resolve(files, cache);
            var plan = ReproductionPlan.Create(ReproductionProfile.Named(name), data);
            string folder = parse.GetValue(output) ?? Path.Combine("out", $"reproduction-{name}");
            string pending = plan.Pending.Count == 0 ? string.Empty : $" (and the runs of {plan.Pending.Count} variants once the learning-rate sweep has chosen their rates)";
            console.WriteLine($"slicemoe reproduce: profile {name}, {plan.Runs.Count} runs{pending} into {Path.GetFullPath(folder)}");
            foreach (var role in data.Roles)
            {
                console.WriteLine($"  {role.PaperName,-13} <- {role.StandIn}{(role.Note is null ? string.Empty : $" ({role.Note})")}");
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                // The first Ctrl-C finishes the current step, saves a checkpoint and writes the report; a second one kills.
                e.Cancel = !cancel.IsCancellationRequested;
                cancel.Cancel();
                console.WriteLine("Interrupting: saving a checkpoint of the current run (Ctrl-C again to kill)...");
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                string line = "./slicemoe " + string.Join(' ', parse.Tokens.Select(t => t.Value));
                var reproducer = new Reproducer(plan, CliData.Source(cache), folder, new ConsoleProgress(console, !parse.GetValue(quiet)));
                var outcome = reproducer.Run(line, parse.GetValue(reportOnly), cancel.Token);
                console.WriteLine($"Report: {outcome.Files.Markdown} and {outcome.Files.Html}");
                foreach (var group in outcome.Claims.GroupBy(c => c.Verdict).OrderBy(g => g.Key))
                {
                    console.WriteLine($"  {group.Count(),2} {VerdictName(group.Key)}");
                }

                if (!outcome.Complete)
                {
                    console.WriteLine($"Incomplete: {outcome.Results.Count} of {reproducer.Plan.Runs.Count} runs done{(reproducer.Plan.Pending.Count > 0 ? ", the learning-rate sweep unfinished" : string.Empty)}. Run the same command again to resume.");
                    return outcome.Interrupted ? 130 : 0;
                }

                return 0;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }));
        return command;
    }

    private static string VerdictName(Verdict v) => v switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Partly => "partly reproduced",
        Verdict.NotReproduced => "not reproduced",
        _ => "not applicable",
    };
}
