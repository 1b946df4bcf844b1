using System.CommandLine;
using SliceMoE.Numerics;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands.Generate;

/// <summary><c>slicemoe generate CHECKPOINT --prompt TEXT [--tokens N] [--temperature T] [--top-k K] [--seed S]</c>.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A language-model checkpoint (task lm) written by slicemoe train, or its run folder." };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true, HelpName = "TEXT" };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to sample (stops early at the end-of-document token).", DefaultValueFactory = _ => 50, HelpName = "N" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0: greedy).", DefaultValueFactory = _ => 0.8, HelpName = "T" };
        var topK = new Option<int>("--top-k") { Description = "Sample among the K likeliest tokens (0: all).", DefaultValueFactory = _ => 40, HelpName = "K" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling (same seed, same text).", DefaultValueFactory = _ => 1UL, HelpName = "S" };
        var command = new Command("generate", "Sample a continuation of a prompt from a language-model checkpoint. The output is the prompt as the model's " +
            "tokenizer sees it (unknown words as <unk>) followed by the sampled tokens.")
        {
            checkpoint, prompt, tokens, temperature, topK, seed,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            int count = parse.GetValue(tokens);
            double t = parse.GetValue(temperature);
            int k = parse.GetValue(topK);
            if (count < 1 || t < 0 || !double.IsFinite(t) || k < 0)
            {
                throw new ArgumentException("--tokens must be at least 1, --temperature at least 0 and --top-k at least 0.");
            }

            using var loaded = ModelLoader.LoadLanguageModel(CheckpointFiles.Resolve(parse.GetValue(checkpoint)!));
            var ids = loaded.Tokenizer.Encode(parse.GetValue(prompt)!);
            if (ids.Count == 0)
            {
                throw new ArgumentException("The prompt has no tokens; give at least one word.");
            }

            var (_, _, eos) = TokenizerFactory.Specials(loaded.Tokenizer);
            var generated = loaded.Model.Generate(ids, count, t, k, new Rng(parse.GetValue(seed)), stopToken: eos);
            parse.InvocationConfiguration.Output.WriteLine(loaded.Tokenizer.Decode(ids.Concat(generated.TakeWhile(id => id != eos))));
            return 0;
        }));
        return command;
    }
}
