using System.Globalization;
using SliceMoE.IO.Safetensors;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Interop;

/// <summary>What <see cref="LayerCase.Run"/> did.</summary>
/// <param name="Layer">"SliceMoE", "TokenMoE" or "Dense".</param>
/// <param name="Tokens">N.</param>
/// <param name="Backward">Whether a grad_output was given and gradients were written.</param>
/// <param name="Statistics">Routing statistics (MoE only).</param>
/// <param name="TensorsWritten">Tensors in the result file.</param>
public sealed record LayerCaseSummary(string Layer, int Tokens, bool Backward, RoutingStatistics? Statistics, int TensorsWritten);

/// <summary>
/// Runs one layer on a case file and writes the results, so a layer can be compared with PyTorch's (or anyone's).
/// The case holds the layer's parameters under PyTorch state_dict names, <c>input</c> [N, d], optionally
/// <c>grad_output</c> [N, d] and <c>keep_mask_raw</c> [N, S, k] (1 keeps the j-th ranked choice; implies training),
/// and <c>__metadata__.config</c> (see <see cref="LayerCaseConfig"/>). The result holds <c>output</c>; with grad_output,
/// the gradient of sum(output ⊙ grad_output) as <c>grad_input</c> and <c>grad.&lt;name&gt;</c> for every parameter;
/// for MoE layers <c>router_probs</c> [N, S, E], <c>counts</c> [E], <c>importance</c> [E], the active assignments
/// (<c>assign_row</c>, <c>assign_expert</c>, <c>assign_weight</c>, in row then rank order), and the scalars
/// <c>ele</c>, <c>cv2_counts</c>, <c>capacity_loss</c>, <c>importance_loss</c>, <c>switch_loss</c>, <c>z_loss</c> as shape [1].
/// Everything is float32, like the reference's files.
/// </summary>
public static class LayerCase
{
    /// <summary>Runs the case in <paramref name="casePath"/> and writes <paramref name="resultPath"/> (atomically).</summary>
    /// <exception cref="SafetensorsException">When the case file is malformed or lacks a tensor, or a tensor has the wrong shape.</exception>
    /// <exception cref="FormatException">When the config is missing or invalid, or a tensor holds invalid values.</exception>
    public static LayerCaseSummary Run(string casePath, string resultPath)
    {
        using var file = SafetensorsFile.Open(casePath);
        if (!file.Metadata.TryGetValue("config", out var json))
        {
            throw new FormatException($"{casePath}: __metadata__ has no 'config' key. Add the layer configuration as JSON text, e.g. {{\"d\": 64, \"S\": 4, \"k\": 2, \"E\": 8, ...}}.");
        }

        var config = LayerCaseConfig.Parse(json, $"{casePath} __metadata__.config");
        using var store = new ParameterStore<float>();
        IFeedForward<float> layer = config.Moe is { } moeConfig
            ? new MoeLayer<float>(moeConfig, store)
            : new DenseFfn<float>(store, config.DenseDim, config.DenseHidden, config.DenseActivation);
        store.Allocate(0);
        try
        {
            return RunLayer(file, config, store, layer, resultPath, json);
        }
        finally
        {
            (layer as IDisposable)?.Dispose();
        }
    }

    private static LayerCaseSummary RunLayer(SafetensorsFile file, LayerCaseConfig config, ParameterStore<float> store, IFeedForward<float> layer, string resultPath, string configJson)
    {
        foreach (var p in store.Parameters)
        {
            using var t = file.ReadFloat32(p.Name, [.. p.Shape]);
            t.Span.CopyTo(p.Value.Span);
        }

        int d = layer.ModelDim;
        var inputEntry = file.GetEntry("input");
        if (inputEntry.Shape.Length != 2 || inputEntry.Shape[1] != d)
        {
            throw new FormatException($"{file.Path}: tensor 'input' must have shape [N, {d}] (d from the config) but has {inputEntry.ShapeText}.");
        }

        int n = inputEntry.Shape[0];
        if (config.Tokens is int declared && declared != n)
        {
            throw new FormatException($"{file.Path}: config key 'N' says {declared} tokens but tensor 'input' has {n} rows.");
        }

        using var input = file.ReadFloat32("input", n, d);
        using var output = new Tensor<float>(n, d);
        var moe = layer as MoeLayer<float>;
        var keepMask = moe is null ? null : ReadKeepMask(file, n, moe.Config);
        var context = new MoeForwardContext(config.Training || keepMask is not null, new Rng(config.Seed), moe?.Config.SequenceLength) { KeepMask = keepMask };
        var report = layer.Forward(input, output, context) as MoeForwardReport;

        var writer = new SafetensorsWriter();
        writer.SetMetadata("config", configJson);
        writer.SetMetadata("generator", "SliceMoE.NET slicemoe layer run");
        writer.SetMetadata("kernel", KernelFamilies.Describe(KernelFamily.Auto));
        writer.SetMetadata("upstream", "loss = sum(output * grad_output); auxiliary losses excluded from the gradients");
        writer.Add("output", output.Span, [n, d]);
        bool backward = file.Contains("grad_output");
        if (backward)
        {
            using var dy = file.ReadFloat32("grad_output", n, d);
            using var dx = new Tensor<float>(n, d);
            if (moe is not null)
            {
                moe.Backward(dy, dx, accumulate: false, AuxLossWeights.None);
            }
            else
            {
                layer.Backward(dy, dx, accumulate: false);
            }

            writer.Add("grad_input", dx.Span, [n, d]);
            foreach (var p in store.Parameters)
            {
                writer.Add("grad." + p.Name, p.Grad.Span, [.. p.Shape]);
            }
        }

        if (moe is not null && report is not null)
        {
            AddRouting(writer, moe, report, n);
        }

        writer.Save(resultPath);
        string kind = moe is null ? "Dense" : moe.Config.Slices == 1 ? "TokenMoE" : "SliceMoE";
        return new LayerCaseSummary(kind, n, backward, report?.Statistics, writer.Count);
    }

    private static bool[]? ReadKeepMask(SafetensorsFile file, int n, MoeConfig config)
    {
        if (!file.Contains("keep_mask_raw"))
        {
            return null;
        }

        using var raw = file.ReadFloat32("keep_mask_raw", n, config.Slices, config.TopK);
        var span = raw.Span;
        var mask = new bool[span.Length];
        for (int i = 0; i < span.Length; i++)
        {
            mask[i] = span[i] switch
            {
                1f => true,
                0f => false,
                _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{file.Path}: tensor 'keep_mask_raw' must hold only 0 and 1, but element {i} is {span[i]}.")),
            };
        }

        return mask;
    }

    private static void AddRouting(SafetensorsWriter writer, MoeLayer<float> moe, MoeForwardReport report, int n)
    {
        var c = moe.Config;
        var plan = moe.Plan;
        writer.Add("router_probs", moe.RouterProbabilities, [n, c.Slices, c.Experts]);
        var stats = report.Statistics;
        writer.Add("counts", stats.Counts.Select(v => (float)v).ToArray(), [c.Experts]);
        writer.Add("importance", report.Aux.Importance.Select(v => (float)v).ToArray(), [c.Experts]);
        foreach (var (name, value) in new[]
        {
            ("ele", stats.Ele), ("cv2_counts", stats.Cv2Counts), ("capacity_loss", stats.CapacityLoss),
            ("importance_loss", report.Aux.ImportanceLoss), ("switch_loss", report.Aux.SwitchLoss), ("z_loss", report.Aux.ZLoss),
        })
        {
            writer.Add(name, [(float)value], [1]);
        }

        var rows = new List<float>();
        var experts = new List<float>();
        var weights = new List<float>();
        for (int r = 0; r < plan.Rows; r++)
        {
            for (int i = plan.RowStart[r]; i < plan.RowStart[r + 1]; i++)
            {
                if (plan.Active[i])
                {
                    rows.Add(r);
                    experts.Add(plan.Expert[i]);
                    weights.Add(plan.Gate[i]);
                }
            }
        }

        writer.Add("assign_row", rows.ToArray(), [rows.Count]);
        writer.Add("assign_expert", experts.ToArray(), [experts.Count]);
        writer.Add("assign_weight", weights.ToArray(), [weights.Count]);
    }
}
