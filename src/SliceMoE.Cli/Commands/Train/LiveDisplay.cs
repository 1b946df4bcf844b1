using System.Globalization;
using SliceMoE.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// A live two-line display on an interactive terminal (Spectre.Console <c>Live</c>): a bar with percentage, step,
/// elapsed time and ETA, and under it the latest loss, accuracy, learning rate, tokens/s and ELE. Two short lines
/// rather than one long one, so that it fits an 80-column terminal. Evaluations and checkpoints print above it.
/// </summary>
internal sealed class LiveDisplay(IAnsiConsole console) : TrainingDisplay
{
    private const int BarWidth = 30;
    private readonly Lock _gate = new();
    private LiveDisplayContext? _live;
    private string _head = string.Empty;
    private string _metrics = "starting…";
    private bool _stopping;

    public override TrainingSummary Train(TrainingRun run, string title, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(run);
        TrainingSummary? summary = null;
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/]: {run.TotalSteps} steps, from step {run.Step}");
        _head = Head(run.Step, run.TotalSteps, TimeSpan.Zero, null);
        console.Live(Render()).AutoClear(false).Start(context =>
        {
            _live = context;
            summary = run.Run(this, cancellation);
            Update();
        });
        _live = null;
        return summary!;
    }

    public override void Note(string message) => console.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    public override void Stopping()
    {
        lock (_gate)
        {
            _stopping = true;
        }

        Update();
    }

    public override void Evaluated(int step, EvaluationResult result) => console.MarkupLine($"[cyan]{Markup.Escape(ProgressText.Evaluation(step, result))}[/]");

    public override void CheckpointWritten(int step, string path) => console.MarkupLine($"[grey]checkpoint @ step {step}: {Markup.Escape(path)}[/]");

    protected override void ShowProgress(TrainingProgress progress, TimeSpan? eta)
    {
        lock (_gate)
        {
            _head = Head(progress.Step, progress.TotalSteps, progress.Elapsed, eta);
            _metrics = Metrics(progress);
        }

        Update();
    }

    private static string Head(int step, int total, TimeSpan elapsed, TimeSpan? eta)
    {
        double fraction = total > 0 ? Math.Clamp((double)step / total, 0, 1) : 0;
        int filled = (int)Math.Round(fraction * BarWidth);
        string bar = $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/]";
        string etaText = eta is TimeSpan t ? ProgressText.Duration(t) : "-";
        return string.Create(CultureInfo.InvariantCulture, $"{bar} {fraction,4:P0}  step {step}/{total}  elapsed {ProgressText.Duration(elapsed)}  ETA {etaText}");
    }

    private static string Metrics(TrainingProgress p)
    {
        string s = string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:F4}  acc {p.Accuracy:F3}  lr {p.LearningRate:0.00e+00}  {ProgressText.Rate(p.TokensPerSecond)} tok/s");
        return Markup.Escape(double.IsNaN(p.Ele) ? s : s + string.Create(CultureInfo.InvariantCulture, $"  ELE {p.Ele:F3}"));
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            var rows = new List<IRenderable> { new Markup(_head), new Markup(_metrics) };
            if (_stopping)
            {
                rows.Add(new Markup("[yellow]stopping after this step; writing a checkpoint (Ctrl-C again to quit at once)[/]"));
            }

            return new Rows(rows);
        }
    }

    private void Update()
    {
        if (_live is { } live)
        {
            live.UpdateTarget(Render());
        }
    }
}
