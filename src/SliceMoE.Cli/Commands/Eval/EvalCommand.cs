using System.CommandLine;
using System.Text.Json;
using SliceMoE.Cli.Commands.Train;
using SliceMoE.Cli.Output;
using SliceMoE.Compute;

namespace SliceMoE.Cli.Commands.Eval;

/// <summary><c>slicemoe eval CHECKPOINT [--split S] [--limit N] [--beam K] [--json] [--key=value ...]</c>.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A checkpoint.safetensors written by slicemoe train, or its run folder." };
        var split = new Option<string>("--split") { Description = "train, validation or test.", DefaultValueFactory = _ => "validation" };
        var limit = new Option<int>("--limit") { Description = "Translation: sentences to decode for BLEU (0: none).", DefaultValueFactory = _ => 100, HelpName = "N" };
        var beam = new Option<int>("--beam") { Description = "Translation: beam size for BLEU.", DefaultValueFactory = _ => 4, HelpName = "K" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object (with the full confusion matrix, per-expert loads and a SHA-256 of the parameters)." };
        var weights = WeightFormatOption.Create(
            "Read the weights pre-packed: bfloat16 (rounded: its accuracy cost), float32 (the same numbers) or none (as trained; the default).", "none");
        var threads = new Option<int?>("--threads") { Description = "Compute threads (default: all cores).", HelpName = "N" };
        var command = new Command("eval", "Evaluate a checkpoint on a split: accuracy, macro-F1 and confusion matrix (classification), perplexity (lm), " +
            "perplexity and BLEU by beam search (translation), and the MoE load (ELE, CV², per-expert load per layer). --key=value may change keys that " +
            "do not affect the model (e.g. --router_noise=0.5 --router_noise_at_eval=true, --max_eval_examples=100).")
        {
            checkpoint, split, limit, beam, json, threads, weights,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var overrides = ConfigOverrides.Parse(parse.UnmatchedTokens);
            if (parse.GetValue(threads) is int n)
            {
                ComputeThreads.Count = n >= 1 ? n : throw new ArgumentException($"--threads must be at least 1, not {n}.");
            }

            if (parse.GetValue(beam) < 1)
            {
                throw new ArgumentException($"--beam must be at least 1, not {parse.GetValue(beam)}.");
            }

            var output = parse.InvocationConfiguration.Output;
            bool asJson = parse.GetValue(json);
            string file = CheckpointFiles.Resolve(parse.GetValue(checkpoint)!);
            var report = CheckpointEvaluation.Run(file, parse.GetValue(split)!, overrides, parse.GetValue(limit), parse.GetValue(beam), WeightFormatOption.Parse(parse.GetValue(weights)!));
            if (asJson)
            {
                output.WriteLine(JsonSerializer.Serialize(report, JsonLines.Options));
            }
            else
            {
                EvalView.Write(Consoles.Create(output, Consoles.IsTerminal(output)), report);
            }

            return 0;
        }));
        return command;
    }
}
