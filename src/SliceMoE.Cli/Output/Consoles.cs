using Spectre.Console;

namespace SliceMoE.Cli.Output;

/// <summary>Spectre consoles over a command's output writer: colours and live redraw only on a real terminal.</summary>
internal static class Consoles
{
    /// <summary>
    /// Whether <paramref name="output"/> is an interactive terminal: the process's own stdout, not redirected, and not
    /// under CI (CI logs keep every line; a redrawn progress bar would leave one garbled line per refresh).
    /// </summary>
    public static bool IsTerminal(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>A console that writes to <paramref name="output"/>; plain (no colours, no cursor moves, wide rows) unless <paramref name="interactive"/>.</summary>
    public static IAnsiConsole Create(TextWriter output, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = 160; // a file or pipe has no width to fit: keep table rows on one line
        }

        return console;
    }
}
