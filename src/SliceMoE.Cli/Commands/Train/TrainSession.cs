using SliceMoE.Cli.Output;
using SliceMoE.Training;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>The output side of <c>slicemoe train</c>: the live or plain display, the interrupt message, the summary table.</summary>
internal sealed class TrainSession
{
    public TrainSession(TextWriter output, bool plain)
    {
        Output = output;
        bool live = !plain && Consoles.IsTerminal(output);
        Console = Consoles.Create(output, live);
        Display = live ? new LiveDisplay(Console) : new PlainDisplay(output);
    }

    public TextWriter Output { get; }

    public IAnsiConsole Console { get; }

    public TrainingDisplay Display { get; }

    /// <summary>For the library's log callbacks (data loaded, resumed, early stop).</summary>
    public void Log(string message) => Display.Note(message);

    /// <summary>Trains to the end or to Ctrl-C; on Ctrl-C the run has written its checkpoint and this says how to resume.</summary>
    public TrainingSummary Train(TrainingRun run, string title, Interrupt interrupt)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(interrupt);
        interrupt.OnFirstSignal(Display.Stopping);
        var summary = Display.Train(run, title, interrupt.Token);
        if (summary.Stopped == "interrupted")
        {
            Output.WriteLine($"interrupted at step {summary.Steps}/{run.TotalSteps}; checkpoint written; resume with: slicemoe train --resume {summary.Checkpoint}");
        }

        return summary;
    }

    /// <summary>The table printed at the end of a single run.</summary>
    public void PrintSummary(TrainingRun run, TrainingSummary summary) => Console.Write(SummaryTable.Build(run, summary, Display.MedianTokensPerSecond));
}
