using System.CommandLine;
using SliceMoE.Compute;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// <c>slicemoe train [--config FILE.json] [--key=value ...] [--resume CHECKPOINT] [--threads N] [--plain]</c>; with no
/// config, overrides or resume it runs the main job (<see cref="MainJob"/>).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "A JSON object of config keys (on top of the defaults; --key=value overrides apply on top of it).", HelpName = "FILE.json" };
        var resume = new Option<string?>("--resume") { Description = "Continue from a checkpoint (or a run folder) bit for bit; --key=value may change keys that do not affect the model (steps, out, eval_every, ...).", HelpName = "CHECKPOINT" };
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: all cores). Results are bit-identical at any count.", HelpName = "N" };
        var plain = new Option<bool>("--plain") { Description = "Print one line per log step instead of a live progress bar (automatic when the output is not a terminal, or CI is set)." };
        var printConfig = new Option<bool>("--print-config") { Description = "Print the config these arguments make (every key, as JSON: a starting point for --config) and exit." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the run already in the out folder (without it, such a folder is refused; its files stay until the new run has taken its first step)." };
        var command = new Command("train", "Train a model. With no arguments: the main job (a SliceMoE classifier and a TokenMoE trained the same way on the shipped data, compared). " +
            "Otherwise one run, configured by the defaults, then --config FILE.json, then --key=value overrides (see --print-config for every key); it writes config.json, " +
            "metrics.jsonl (one line per log step and evaluation), summary.json and checkpoint.safetensors into its out folder. Ctrl-C stops after writing a checkpoint.")
        {
            configFile, resume, threads, plain, printConfig, overwrite,
        };

        // Config overrides are free-form --key=value tokens: let them through and check them ourselves (ConfigOverrides).
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () => Ranks.Run(world =>
        {
            var overrides = ConfigOverrides.Parse(parse.UnmatchedTokens);
            if (parse.GetValue(threads) is int n)
            {
                ComputeThreads.Count = n >= 1 ? n : throw new ArgumentException($"--threads must be at least 1, not {n}.");
            }

            // Under mpirun every rank trains; rank 0 alone prints and writes the out folder.
            var error = world.Rank == 0 ? parse.InvocationConfiguration.Error : TextWriter.Null;
            var session = new TrainSession(world.Rank == 0 ? parse.InvocationConfiguration.Output : TextWriter.Null, parse.GetValue(plain));
            using var interrupt = new Interrupt();
            string? file = parse.GetValue(configFile);
            string? checkpoint = parse.GetValue(resume);
            if (parse.GetValue(printConfig))
            {
                var config = ConfigOverrides.Build(file, overrides);
                ConfigOverrides.WarnIgnored(config, error);
                parse.InvocationConfiguration.Output.WriteLine(ConfigBinder.ToJson(config));
                return 0;
            }

            if (file is null && overrides.Count == 0 && checkpoint is null)
            {
                return MainJob.Run(session, interrupt);
            }

            using var run = checkpoint is null
                ? TrainingRun.Start(ConfigOverrides.Build(file, overrides), CliData.Source(), session.Log, parse.GetValue(overwrite), world)
                : TrainingRun.Resume(CheckpointFiles.Resolve(checkpoint), CliData.Source(), overrides, file is null ? null : ConfigOverrides.Build(file, overrides), session.Log, world);
            ConfigOverrides.WarnIgnored(run.Config, error);
            var summary = session.Train(run, $"{run.Config.Layer} {run.Config.Task} → {run.Config.Out}", interrupt);
            session.PrintSummary(run, summary);
            return summary.Stopped == "interrupted" ? 130 : 0;
        })));
        return command;
    }
}
