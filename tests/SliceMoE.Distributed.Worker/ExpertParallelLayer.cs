using System.Globalization;
using SliceMoE.Distributed;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Distributed.Worker;

/// <summary>
/// One MoE layer (float64) under data and expert parallelism against the same layer in one process over the whole batch,
/// for every router: each rank routes its share of the batch, its experts run on the rows the group sends it, and the
/// outputs, input gradients, summed parameter gradients, auxiliary objective and routing statistics must be the
/// single-process ones. Prints "rank R ok moe CASE" or "rank R FAIL moe CASE: ...".
/// </summary>
internal static class ExpertParallelLayer
{
    /// <summary>
    /// Relative distance allowed (float64): the parallel path computes the same sums, except that the parameter gradients
    /// are added up over ranks (allreduce) rather than over all rows at once, and the aux sums likewise; rounding of
    /// ~1e-16 per operation, far inside it.
    /// </summary>
    private const double Tolerance = 1e-9;

    public static readonly string[] Cases = ["topk", "topk-normalized", "seq-topk", "usmoe", "expert-choice", "capacity", "dropout", "shuffled", "token-moe"];

    /// <param name="expertParallel">P: the experts are split over groups of P consecutive ranks; the ranks are data parallel over the batch.</param>
    public static void Run(ICommunicator world, int expertParallel)
    {
        var expertGroup = world.Split(world.Rank / expertParallel, world.Rank);
        foreach (var name in Cases)
        {
            string failure = Compare(name, world, expertGroup);
            Console.WriteLine(failure.Length == 0 ? $"rank {world.Rank} ok moe {name}" : $"rank {world.Rank} FAIL moe {name}: {failure}");
        }
    }

    private static MoeConfig Config(string name)
    {
        var c = new MoeConfig
        {
            ModelDim = 24, Slices = 4, Experts = 8, TopK = 2, ExpertHidden = 10, RouterHidden = 12, CapacityAlpha = 0.05, SwitchLossWeight = 0.02, ZLossWeight = 0.003,
        };
        return name switch
        {
            "topk" => c,
            "topk-normalized" => c with { NormalizeTopK = true },
            "seq-topk" => c with { Routing = RoutingMethod.SeqTopK, SequenceLength = 5 },
            "usmoe" => c with { Routing = RoutingMethod.Usmoe, SequenceLength = 5 },
            "expert-choice" => c with { Routing = RoutingMethod.ExpertChoice, SequenceLength = 5 },
            "capacity" => c with { CapacityFactor = 0.6 },
            "dropout" => c with { SliceDropout = 0.3 },
            "shuffled" => c with { SliceLayout = SliceLayout.Shuffled },
            "token-moe" => c with { Slices = 1, ExpertHidden = 16, CapacityFactor = 0.8 },
            _ => throw new ArgumentException(name),
        };
    }

    private static string Compare(string name, ICommunicator world, ICommunicator expertGroup)
    {
        var config = Config(name);
        const int perRank = 10; // two sequences of 5
        int total = perRank * world.Size, d = config.ModelDim;
        bool training = name == "dropout";
        var x = Random(new Rng(11), total * d);
        var dy = Random(new Rng(12), total * d);

        // One process over the whole batch.
        var (refStore, reference) = Create(config);
        using var xAll = Tensor<double>.FromSpan(x, total, d);
        using var yRef = new Tensor<double>(total, d);
        using var dyAll = Tensor<double>.FromSpan(dy, total, d);
        using var dxRef = new Tensor<double>(total, d);
        var refReport = reference.Forward(xAll, yRef, new MoeForwardContext(training, new Rng(5)));
        reference.Backward(dyAll, dxRef, accumulate: false);

        // This rank's share, its experts on the group's rows.
        var (store, layer) = Create(config);
        int first = world.Rank * perRank;
        using var xMine = Tensor<double>.FromSpan(x[(first * d)..((first + perRank) * d)], perRank, d);
        using var yMine = new Tensor<double>(perRank, d);
        using var dyMine = Tensor<double>.FromSpan(dy[(first * d)..((first + perRank) * d)], perRank, d);
        using var dxMine = new Tensor<double>(perRank, d);
        var context = new MoeForwardContext(training, new Rng(5)) { Group = world, ExpertGroup = expertGroup };
        var report = layer.Forward(xMine, yMine, context);
        layer.Backward(dyMine, dxMine, accumulate: false);
        world.AllReduce<double>(store.Gradients.Span);

        var problems = new List<string>();
        Close(problems, "output", yRef.Span.Slice(first * d, perRank * d), yMine.Span);
        Close(problems, "input gradient", dxRef.Span.Slice(first * d, perRank * d), dxMine.Span);
        foreach (var p in refStore.Parameters)
        {
            Close(problems, p.Name + " gradient", p.Grad.Span, store[p.Name].Grad.Span);
        }

        Close(problems, "aux objective", [refReport.AuxObjective], [report.AuxObjective]);
        Close(problems, "ELE", [refReport.Statistics.Ele], [report.Statistics.Ele]);
        if (!refReport.Statistics.Counts.SequenceEqual(report.Statistics.Counts) || refReport.Statistics.DroppedByCapacity != report.Statistics.DroppedByCapacity || refReport.Statistics.DroppedByDropout != report.Statistics.DroppedByDropout)
        {
            problems.Add($"statistics: counts {string.Join(',', report.Statistics.Counts)} dropped {report.Statistics.DroppedByCapacity}/{report.Statistics.DroppedByDropout} against {string.Join(',', refReport.Statistics.Counts)} dropped {refReport.Statistics.DroppedByCapacity}/{refReport.Statistics.DroppedByDropout}");
        }

        if (name is "capacity" or "token-moe" && refReport.Statistics.DroppedByCapacity == 0)
        {
            problems.Add("the capacity case dropped nothing: it tests nothing");
        }

        reference.Dispose();
        refStore.Dispose();
        layer.Dispose();
        store.Dispose();
        return string.Join("; ", problems);
    }

    private static (ParameterStore<double>, MoeLayer<double>) Create(MoeConfig config)
    {
        var store = new ParameterStore<double>();
        var layer = new MoeLayer<double>(config, store);
        store.Allocate(4);
        return (store, layer);
    }

    private static double[] Random(Rng rng, int length) => Enumerable.Range(0, length).Select(_ => (2 * rng.NextDouble()) - 1).ToArray();

    private static void Close(List<string> problems, string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        double scale = 0, worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        if (expected.Length != actual.Length || worst > Tolerance * Math.Max(scale, 1e-12))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: max |difference| {worst:G3} against max |value| {scale:G3}"));
        }
    }
}
