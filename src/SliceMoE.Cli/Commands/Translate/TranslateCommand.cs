using System.CommandLine;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands.Translate;

/// <summary><c>slicemoe translate CHECKPOINT [--text TEXT | --input FILE] [--beam K]</c>: one translation per input line.</summary>
internal static class TranslateCommand
{
    public static Command Create()
    {
        var checkpoint = new Argument<string>("checkpoint") { Description = "A translation checkpoint (task translation) written by slicemoe train, or its run folder." };
        var text = new Option<string?>("--text") { Description = "One sentence to translate.", HelpName = "TEXT" };
        var input = new Option<string?>("--input") { Description = "A file of sentences, one per line (default, without --text: standard input).", HelpName = "FILE" };
        var beam = new Option<int>("--beam") { Description = "Beam size (1: greedy).", DefaultValueFactory = _ => 4, HelpName = "K" };
        var weights = WeightFormatOption.Create(
            "How the weights are read: float32 (packed once for all sentences, the same translations), bfloat16 (rounded, half the bytes read) or none (packed on every call).",
            "float32");
        var command = new Command("translate", "Translate sentences with a translation checkpoint (beam search); prints one line per input line.")
        {
            checkpoint, text, input, beam, weights,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            string? sentence = parse.GetValue(text);
            string? file = parse.GetValue(input);
            int k = parse.GetValue(beam);
            if (sentence is not null && file is not null)
            {
                throw new ArgumentException("Give --text or --input, not both.");
            }

            if (k < 1)
            {
                throw new ArgumentException($"--beam must be at least 1, not {k}.");
            }

            var format = WeightFormatOption.Parse(parse.GetValue(weights)!);
            using var loaded = ModelLoader.LoadTranslator(CheckpointFiles.Resolve(parse.GetValue(checkpoint)!));
            using var packs = format is { } f ? WeightPacks.Create(loaded.Model.Store, f) : null;
            using var reading = packs?.Activate();
            var (_, bos, eos) = TokenizerFactory.Specials(loaded.Tokenizer);
            int maxLength = loaded.Info.Config.MaxLength;
            var lines = sentence is not null ? [sentence] : file is not null ? File.ReadLines(file) : ReadAll(Console.In);
            var output = parse.InvocationConfiguration.Output;
            foreach (string line in lines)
            {
                // Encoded as in training (TranslationTaskData): cut to max_length; an empty source translates to nothing.
                var ids = loaded.Tokenizer.Encode(line).Take(maxLength).ToArray();
                output.WriteLine(ids.Length == 0 ? string.Empty : loaded.Tokenizer.Decode(loaded.Model.Translate(ids, bos, eos, k, maxLength)));
            }

            return 0;
        }));
        return command;
    }

    private static IEnumerable<string> ReadAll(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }
}
