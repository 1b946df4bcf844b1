using System.Globalization;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Execution;

namespace SliceMoE.Reproduction.Report;

/// <summary>The report's opening: what ran where and how long, the data substitutions, and every verdict at a glance.</summary>
internal static class OverviewSection
{
    public static void Write(ReportContext ctx, ReportDocument doc, ReproductionEnvironment env)
    {
        var plan = ctx.Plan;
        int done = plan.Runs.Count(r => ctx.Results.ContainsKey(r.Id));
        string pending = plan.Pending.Count == 0 ? string.Empty : $", and {plan.Pending.Count} configurations waiting for the learning-rate sweep";
        var log = env.Invocations;
        doc.AddIntroduction(new Paragraph(
            "This report was written by 'slicemoe reproduce'. It runs the experiments of the SliceMoE paper (arXiv 2510.04286: Table 1, Table 2, Figures 1-7, language modelling, translation and the Expert Specialisation Score) on the data this machine has and sets our numbers beside the paper's. " +
            "Every number in it comes from the run, except the paper's own numbers, which are quoted with their source (src/SliceMoE.Reproduction/Claims/PaperResults.cs). Each claim gets a verdict by a fixed rule (see 'Verdict rules')."));
        var commands = log.Invocations.Select(i => i.Command).Distinct().ToList();
        doc.AddIntroduction(new CodeBlock(string.Join('\n', commands.Count > 0 ? commands : [env.Command]), "bash"));
        if (env.ReportOnly)
        {
            doc.AddIntroduction(new Paragraph($"This report was rebuilt from the finished runs, without training, by: {env.Command}"));
        }

        var minutes = TimeSpan.FromSeconds(log.TotalSeconds);
        doc.AddIntroduction(new BulletList(
        [
            $"Profile: {plan.Profile.Name}, {plan.Profile.Seeds} seed(s) per configuration, {plan.Runs.Count} runs{pending} ({done} done{(done < plan.Runs.Count || pending.Length > 0 ? ": INCOMPLETE, run the same command again to finish" : string.Empty)}).",
            string.Create(CultureInfo.InvariantCulture, $"Wall time: {minutes.TotalMinutes:0.0} minutes ({log.TotalSeconds:0} s) over {log.Invocations.Count} invocation(s), {log.RunsExecuted} runs trained."),
            $"Machine: {env.Machine.Cpu}, {env.Machine.Cores} logical cores, {env.Machine.Threads} compute threads; {env.Machine.OperatingSystem}; {env.Machine.Runtime}.",
        ]));

        doc.AddIntroduction(new Paragraph("Which data stood in for which (counts as used, after the profile's caps; language-model validation and test counts are the tokens evaluated):"));
        var data = new ReportTable("Paper's data set", "Stands in here", "Why", "Config value", new TableColumn("Train", Format: "N0"), new TableColumn("Validation", Format: "N0"), new TableColumn("Test", Format: "N0"), "Unit");
        foreach (var role in plan.Data.Roles)
        {
            var counts = plan.Runs.Where(r => r.Variant.Role == role.Key).Select(r => ctx.Results.GetValueOrDefault(r.Id)?.Counts).FirstOrDefault(c => c is not null);
            data.AddRow(role.PaperName, role.StandIn, role.Note ?? (role.IsPaperData ? "the user's file" : "fetched substitute"), role.Spec, counts?.Train, counts?.Validation, counts?.Test, counts?.Unit);
        }

        doc.AddIntroduction(data);
        if (plan.Data.GloveNote is not null)
        {
            doc.AddIntroduction(new Paragraph(plan.Data.GloveNote));
        }

        doc.AddIntroduction(new Paragraph("Every claim judged, in report order (details, numbers and rules in each section):"));
        var verdicts = new ReportTable("Claim", "Paper", "Ours", "Verdict");
        foreach (var c in ctx.Claims)
        {
            verdicts.AddRow(c.Text, c.Paper, c.Ours, c.Verdict);
        }

        doc.AddIntroduction(verdicts);
    }
}
