using System.CommandLine;
using System.Globalization;
using SliceMoE.Compute;
using SliceMoE.Interop;

namespace SliceMoE.Cli.Commands.Layer;

/// <summary><c>slicemoe layer run CASE --out RESULT</c>: one layer on a safetensors case file, for comparison with PyTorch.</summary>
internal static class LayerCommand
{
    public static Command Create()
    {
        var casePath = new Argument<FileInfo>("case") { Description = "Case file: parameters (PyTorch state_dict names), input [N, d], optional grad_output [N, d] and keep_mask_raw [N, S, k], and __metadata__.config (JSON)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the results (safetensors).", Required = true };
        var threads = new Option<int>("--threads") { Description = "Compute threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var run = new Command("run", "Run one layer (SliceMoE, TokenMoE or dense FFN) forward, and backward when grad_output is given, and write every output and gradient.") { casePath, output, threads };
        run.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            ComputeThreads.Count = parse.GetValue(threads);
            var input = parse.GetValue(casePath)!;
            var result = parse.GetValue(output)!;
            if (!input.Exists)
            {
                throw new FileNotFoundException($"The case file {input.FullName} does not exist.");
            }

            var summary = LayerCase.Run(input.FullName, result.FullName);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{summary.Layer}: N = {summary.Tokens}, {(summary.Backward ? "forward + backward" : "forward only")}, {summary.TensorsWritten} tensors written to {result.FullName}"));
            if (summary.Statistics is { } s)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"routing: counts [{string.Join(", ", s.Counts)}], ELE {s.Ele:F4}, CV²(counts) {s.Cv2Counts:F4}, dead experts {s.DeadExperts}, dropped {s.DroppedByDropout + s.DroppedByCapacity}"));
            }

            return 0;
        }));
        var layer = new Command("layer", "Work with single layers.");
        layer.Subcommands.Add(run);
        return layer;
    }
}
