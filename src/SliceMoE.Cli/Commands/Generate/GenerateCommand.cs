using System.CommandLine;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands.Generate;

/// <summary><c>slicemoe generate CHECKPOINT --prompt TEXT [--tokens N] [--temperature T] [--top-k K] [--top-p P] [--seed S]</c>, streaming the text as it is sampled.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A language-model checkpoint (task lm) written by slicemoe train, or its run folder." };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true, HelpName = "TEXT" };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to sample (stops early at the end-of-document token).", DefaultValueFactory = _ => 50, HelpName = "N" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature (0: greedy).", DefaultValueFactory = _ => 0.8, HelpName = "T" };
        var topK = new Option<int>("--top-k") { Description = "Sample among the K likeliest tokens (0: all).", DefaultValueFactory = _ => 40, HelpName = "K" };
        var topP = new Option<double>("--top-p") { Description = "Sample among the likeliest tokens whose probability reaches P (1: all).", DefaultValueFactory = _ => 1.0, HelpName = "P" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling (same seed, same text).", DefaultValueFactory = _ => 1UL, HelpName = "S" };
        var engine = new Option<string>("--engine") { Description = "native (ours) or onnxruntime (the model exported to ONNX and run by ONNX Runtime on the CPU; the same text).", DefaultValueFactory = _ => GenerationEngine.Native, HelpName = "ENGINE" };
        var weights = WeightFormatOption.Create(
            "How the native engine reads the weights: float32 (packed once for the whole generation), bfloat16 (rounded, half the bytes read; the text may differ) or none (packed on every call).",
            "float32");
        var command = new Command("generate", "Sample a continuation of a prompt from a language-model checkpoint. The output is the prompt as the model's " +
            "tokenizer sees it (unknown words as <unk>) followed by the sampled tokens, written as they come. Decoding is incremental (key/value caches) " +
            "unless the model's router ranks tokens against each other (SeqTopK, Expert Choice, USMoE, capacity limits), which re-runs the context for every token. " +
            "--engine onnxruntime exports the model to ONNX in memory and decodes with ONNX Runtime: the same text.")
        {
            checkpoint, prompt, tokens, temperature, topK, topP, seed, engine, weights,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            int count = parse.GetValue(tokens);
            double t = parse.GetValue(temperature);
            int k = parse.GetValue(topK);
            double p = parse.GetValue(topP);
            if (count < 1 || t < 0 || !double.IsFinite(t) || k < 0 || !(p > 0 && p <= 1))
            {
                throw new ArgumentException("--tokens must be at least 1, --temperature at least 0, --top-k at least 0 and --top-p in (0, 1].");
            }

            string engineName = GenerationEngine.Check(parse.GetValue(engine));
            var format = WeightFormatOption.Parse(parse.GetValue(weights)!);
            using var loaded = ModelLoader.LoadLanguageModel(CheckpointFiles.Resolve(parse.GetValue(checkpoint)!));
            var ids = loaded.Tokenizer.Encode(parse.GetValue(prompt)!);
            if (ids.Count == 0)
            {
                throw new ArgumentException("The prompt has no tokens; give at least one word.");
            }

            var (_, _, eos) = TokenizerFactory.Specials(loaded.Tokenizer);
            var model = loaded.Model;
            var output = parse.InvocationConfiguration.Output;

            // Streamed: after each token, the part of the decoded text that is new (a subword may change how the text before it reads only at its end).
            var text = new List<int>(ids);
            string shown = loaded.Tokenizer.Decode(text);
            output.Write(shown);
            void Show(int id)
            {
                if (id == eos)
                {
                    return;
                }

                text.Add(id);
                string now = loaded.Tokenizer.Decode(text);
                output.Write(now.StartsWith(shown, StringComparison.Ordinal) ? now[shown.Length..] : "\n" + now);
                output.Flush();
                shown = now;
            }

            if (ids.Count >= model.Config.MaxLength)
            {
                throw new ArgumentException($"The prompt has {ids.Count} tokens, but the model's context is {model.Config.MaxLength}: shorten it to at most {model.Config.MaxLength - 1} tokens.");
            }

            if (!model.SupportsCachedDecoding && p < 1)
            {
                throw new ArgumentException($"--top-p needs cached decoding, which this model's router ({model.Config.FeedForward.Moe?.Routing}) rules out.");
            }

            var options = new GenerationOptions { MaxNewTokens = count, Temperature = t, TopK = k, TopP = p, StopTokens = [eos], Seed = parse.GetValue(seed), Weights = format };
            if (engineName == GenerationEngine.OnnxRuntime)
            {
                GenerationEngine.RunOnnx(model, ids, options, Show);
            }
            else if (model.SupportsCachedDecoding)
            {
                model.Generate([ids], options, (_, id) => Show(id));
            }
            else
            {
                foreach (int id in model.GenerateUncached(ids, count, t, k, new Rng(parse.GetValue(seed)), stopToken: eos))
                {
                    Show(id);
                }
            }

            output.WriteLine();
            return 0;
        }));
        return command;
    }
}
