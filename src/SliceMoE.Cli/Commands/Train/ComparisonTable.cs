using SliceMoE.Training;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>The main job's result: SliceMoE beside TokenMoE, and the majority-class baseline.</summary>
internal static class ComparisonTable
{
    public static Table Build(TrainingConfig c, IReadOnlyList<MainJobResult> runs)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(runs);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]SliceMoE vs TokenMoE[/] on {Markup.Escape(c.Dataset)} classification");
        table.AddColumn("");
        foreach (var r in runs)
        {
            table.AddColumn(new TableColumn(r.Layer == "slicemoe" ? "SliceMoE" : "TokenMoE").RightAligned());
        }

        void Row(string name, Func<MainJobResult, string> value) => table.AddRow([Markup.Escape(name), .. runs.Select(r => Markup.Escape(value(r)))]);
        Row("test accuracy", r => SummaryTable.Format(r.TestAccuracy, "P1"));
        Row("validation accuracy", r => SummaryTable.Format(r.ValidationAccuracy, "P1"));
        Row("majority-class baseline (test)", r => SummaryTable.Format(r.MajorityBaseline, "P1"));
        Row("ELE (test, 1 = uniform)", r => SummaryTable.Format(r.Ele, "F3"));
        Row("CV² of counts (test)", r => SummaryTable.Format(r.Cv2Counts, "F3"));
        Row("dead experts (test)", r => $"{r.DeadExperts} of {r.ExpertSlots}");
        Row("training tokens/s (median)", r => ProgressText.Rate(r.TokensPerSecond));
        Row("steps", r => $"{r.Steps}");
        Row("wall time", r => ProgressText.Duration(TimeSpan.FromSeconds(r.WallSeconds)));
        return table;
    }

    /// <summary>The line under the table: what was held equal, and the whole job's time.</summary>
    public static string Settings(TrainingConfig c, double totalSeconds)
    {
        ArgumentNullException.ThrowIfNull(c);
        return $"Both: d={c.Dim}, {c.Layers} MoE layer(s), E={c.Experts}, k={c.TopK}, expert hidden {4 * c.Dim / c.TopK} = 4d/k, seed {c.Seed}, {c.Epochs} epochs; " +
            $"SliceMoE with S={c.Slices} slices of {c.Dim / c.Slices}. Whole job: {ProgressText.Duration(TimeSpan.FromSeconds(totalSeconds))}.";
    }
}
