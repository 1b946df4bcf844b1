using System.CommandLine;
using SliceMoE.Cli;

namespace SliceMoE.Tests.Cli;

/// <summary>Runs the slicemoe command in-process, capturing what it writes (output and errors together).</summary>
internal static class CliRunner
{
    public static (int Code, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        int code = Invoke(args, output, output);
        return (code, output.ToString());
    }

    /// <summary>The same, keeping what the command writes to its error stream apart from its output.</summary>
    public static (int Code, string Output, string Error) RunApart(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = Invoke(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>A tiny run of <paramref name="task"/> on the shipped sample (well under a second of training).</summary>
    public static string[] Tiny(string task, string outDir, params string[] more) =>
    [
        $"--task={task}", "--dataset=sample", "--dim=32", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--top_k=2",
        "--router_hidden=16", "--max_length=24", "--batch_size=16", "--steps=8", "--vocabulary_size=1500", "--eval_every=4",
        "--log_every=2", "--checkpoint_every=0", "--max_train_examples=400", "--max_eval_examples=48", "--warmup_steps=2",
        $"--out={outDir}", .. more,
    ];

    private static int Invoke(string[] args, TextWriter output, TextWriter error) =>
        Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
}
