using System.CommandLine;
using SliceMoE.IO.Safetensors;
using SliceMoE.Onnx;
using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Export;

/// <summary>
/// <c>slicemoe export onnx RUN --out model.onnx</c>: the run's model as ONNX graphs (docs/onnx.md). A classifier or a
/// language model is one file; a translator is two, beside --out: model.encoder.onnx and model.decoder.onnx.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var command = new Command("export", "Export a trained model to another format.");
        command.Subcommands.Add(Onnx());
        return command;
    }

    private static Command Onnx()
    {
        var run = new Argument<string>("run") { Description = "A run folder (or its checkpoint.safetensors) written by slicemoe train: classification, lm or translation." };
        var output = new Option<string>("--out") { Description = "The .onnx file to write (a translator writes NAME.encoder.onnx and NAME.decoder.onnx beside it).", Required = true, HelpName = "FILE" };
        var command = new Command("onnx", "Export a checkpoint's model to ONNX (opset 17, standard operators, sparse MoE routing) for ONNX Runtime. " +
            "The language model's graph takes and returns the per-block key/value cache (an empty past is the full forward; one token with the last " +
            "present is a decode step); the translator's encoder graph returns every decoder block's cross-attention keys and values.")
        {
            run, output,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            string target = OutputPath(parse.GetValue(output));
            string checkpoint = CheckpointFiles.Resolve(parse.GetValue(run)!);
            string task;
            using (var file = SafetensorsFile.Open(checkpoint))
            {
                task = Checkpoint.ReadInfo(file).Config.Task;
            }

            var written = new List<string>();
            void Write(string path, byte[] bytes)
            {
                File.WriteAllBytes(path, bytes);
                written.Add($"{path} ({bytes.Length:N0} bytes)");
            }

            switch (task)
            {
                case "classification":
                {
                    using var model = ClassifierCheckpoint.Load(checkpoint);
                    Write(target, OnnxExport.Classifier(model));
                    break;
                }

                case "lm":
                {
                    using var loaded = ModelLoader.LoadLanguageModel(checkpoint);
                    Write(target, OnnxExport.LanguageModel(loaded.Model));
                    break;
                }

                case "translation":
                {
                    using var loaded = ModelLoader.LoadTranslator(checkpoint);
                    var graphs = OnnxExport.Translator(loaded.Model);
                    var (encoder, decoder) = TranslatorPaths(target);
                    Write(encoder, graphs.Encoder);
                    Write(decoder, graphs.Decoder);
                    break;
                }

                default:
                    throw new InvalidOperationException($"{checkpoint} is a checkpoint of task {task}, which has no ONNX export (classification, lm and translation have).");
            }

            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"{task} model exported to ONNX (opset {OnnxExport.Opset}):");
            foreach (var w in written)
            {
                o.WriteLine($"  {w}");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>NAME.encoder.onnx and NAME.decoder.onnx for --out NAME.onnx.</summary>
    internal static (string Encoder, string Decoder) TranslatorPaths(string target)
    {
        string stem = Path.Combine(Path.GetDirectoryName(target) ?? string.Empty, Path.GetFileNameWithoutExtension(target));
        return (stem + ".encoder.onnx", stem + ".decoder.onnx");
    }

    /// <summary>Checks --out before any work: a file name ending in .onnx, in a folder that exists, not a folder itself.</summary>
    private static string OutputPath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("--out needs a file name ending in .onnx, e.g. --out model.onnx.");
        }

        if (Directory.Exists(path))
        {
            throw new ArgumentException($"--out {path} is a folder; give a file name ending in .onnx inside it, e.g. --out {Path.Combine(path, "model.onnx")}.");
        }

        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out {path} does not end in .onnx; give e.g. --out {Path.ChangeExtension(path, ".onnx")}.");
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"--out {path}: the folder {folder} does not exist; create it first or write elsewhere.");
        }

        return path;
    }
}
