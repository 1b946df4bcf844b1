using SliceMoE.Kernels.Gemm;
using SliceMoE.Models;
using SliceMoE.Moe;

namespace SliceMoE.Benchmarks.Suites.Inference;

/// <summary>Options of <see cref="InferenceBenchmark"/>. The defaults are the benchmark's configuration.</summary>
public sealed record InferenceBenchmarkOptions
{
    /// <summary>The FFN slots the benchmark knows, in the order they are timed and reported (Dense first: the others' ratios refer to it).</summary>
    public static IReadOnlyList<string> AllLayers { get; } = ["Dense", "SliceMoE", "TokenMoE"];

    /// <summary>
    /// The two comparisons: "flops", matched active FLOPs (E = 16, which at S = 8 also matches SliceMoE's parameters to
    /// the dense FFN's 4d); "params", matched total parameters (E = 64 against a dense FFN of hidden 16d).
    /// </summary>
    public static IReadOnlyList<string> AllMatches { get; } = ["flops", "params"];

    /// <summary>Model width d (512: even the matched-FLOPs model's weights, 66 MB, are twice the 32 MiB L3, so decoding reads them from memory).</summary>
    public int Dim { get; init; } = 512;

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 8;

    /// <summary>Vocabulary size V (the tied output layer is [V, d], read whole at every decoding step).</summary>
    public int Vocabulary { get; init; } = 8000;

    /// <summary>Sequences decoded at once.</summary>
    public IReadOnlyList<int> Batches { get; init; } = [1, 8, 32];

    /// <summary>Prompt lengths: prefill runs the whole prompt, decoding starts after it.</summary>
    public IReadOnlyList<int> Contexts { get; init; } = [128, 512];

    /// <summary>Decoding steps timed after each prefill (one token per sequence per step).</summary>
    public int DecodeSteps { get; init; } = 16;

    /// <summary>The comparisons to run: "flops", "params".</summary>
    public IReadOnlyList<string> Matches { get; init; } = AllMatches;

    /// <summary>FFN slots to measure: "Dense", "SliceMoE", "TokenMoE".</summary>
    public IReadOnlyList<string> LayerKinds { get; init; } = AllLayers;

    /// <summary>Slices S of SliceMoE (TokenMoE has 1).</summary>
    public int Slices { get; init; } = 8;

    /// <summary>Experts per slice (or token) k.</summary>
    public int TopK { get; init; } = 2;

    /// <summary>Router hidden width.</summary>
    public int RouterHidden { get; init; } = 256;

    /// <summary>Rows N of the MoE layer timed alone (routing, dispatch, experts and combine at decoding's tiny N).</summary>
    public IReadOnlyList<int> SmallRows { get; init; } = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Alternating rounds of timing.</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Minimum timed seconds per configuration, over all rounds (each round times at least 2 runs after a warm-up).</summary>
    public double MinSeconds { get; init; } = 0.6;

    /// <summary>Compute threads.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Pre-packed weight formats to time ours with beside the unpacked weights (<see cref="NativeDecodingEngine"/>); none by default.</summary>
    public IReadOnlyList<WeightFormat> PackedWeights { get; init; } = [];

    /// <summary>Seed of the parameters and the tokens.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Experts E of one comparison: 16 at matched FLOPs, 64 at matched parameters.</summary>
    public static int Experts(string match) => match == "params" ? 64 : 16;

    /// <summary>Expert hidden width He = 4d/k: SliceMoE's and TokenMoE's active expert FLOPs equal the 4d dense FFN's.</summary>
    public int ExpertHidden => Math.Max(1, 4 * Dim / TopK);

    /// <summary>
    /// The dense FFN's hidden width: 4d at matched FLOPs; at matched parameters, as many as SliceMoE's E experts hold
    /// (E · 2 · (d/S) · He = 2 · d · H gives H = E · He / S = 16d at the defaults).
    /// </summary>
    public int DenseHidden(string match) => match == "params" ? Experts(match) * ExpertHidden / Slices : 4 * Dim;

    /// <summary>The longest sequence a run reaches: the model's context (MaxLength).</summary>
    public int MaxLength => Contexts.Max() + DecodeSteps;

    /// <summary>The FFN slot of one configuration. TokenMoE has SliceMoE's E, k and He: the same active FLOPs, S times the expert parameters.</summary>
    /// <exception cref="ArgumentException">When <paramref name="kind"/> or <paramref name="match"/> is unknown.</exception>
    public FeedForwardSpec FeedForward(string kind, string match)
    {
        if (!AllMatches.Contains(match))
        {
            throw new ArgumentException($"Unknown comparison '{match}'.", nameof(match));
        }

        return kind switch
        {
            "Dense" => FeedForwardSpec.Dense(DenseHidden(match)),
            "SliceMoE" or "TokenMoE" => FeedForwardSpec.Mixture(new MoeConfig
            {
                ModelDim = Dim, Slices = kind == "SliceMoE" ? Slices : 1, Experts = Experts(match), TopK = TopK,
                RouterHidden = RouterHidden, ExpertHidden = ExpertHidden, SliceDropout = 0,
            }),
            _ => throw new ArgumentException($"Unknown layer '{kind}'.", nameof(kind)),
        };
    }

    /// <summary>Checks every value, naming the offending option.</summary>
    /// <exception cref="ArgumentException">When a value is out of range.</exception>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message);
            }
        }

        Require(Batches.Count > 0 && Contexts.Count > 0 && LayerKinds.Count > 0 && Matches.Count > 0, "--batch, --context, --layer and --match each need at least one value.");
        Require(Dim > 0 && Dim % Heads == 0, $"--d: {Dim} must be a positive multiple of the {Heads} attention heads.");
        Require(Heads >= 1 && Slices >= 1 && RouterHidden >= 1, "the MoE shape (heads, S, router hidden) must be positive.");
        Require(TopK >= 1 && Matches.All(m => TopK <= Experts(m)), $"k = {TopK} must be in [1, E] for every comparison's E.");
        Require(!LayerKinds.Contains("SliceMoE") || Dim % Slices == 0, $"--d: {Dim} must be a multiple of SliceMoE's {Slices} slices.");
        Require(Batches.All(b => b >= 1), $"--batch: {string.Join(" ", Batches)}: every batch must be at least 1.");
        Require(Contexts.All(c => c >= 1), $"--context: {string.Join(" ", Contexts)}: every context must be at least 1.");
        Require(SmallRows.All(n => n >= 1), $"--small-n: {string.Join(" ", SmallRows)}: every N must be at least 1.");
        foreach (var kind in LayerKinds)
        {
            Require(AllLayers.Contains(kind), $"--layer: '{kind}' is not one of {string.Join(", ", AllLayers)}.");
        }

        foreach (var match in Matches)
        {
            Require(AllMatches.Contains(match), $"--match: '{match}' is not one of {string.Join(", ", AllMatches)}.");
        }

        Require(LayerKinds.Distinct().Count() == LayerKinds.Count && Matches.Distinct().Count() == Matches.Count, "--layer and --match must not name a value twice.");
        Require(Layers >= 1, $"--layers: {Layers} must be at least 1.");
        Require(Vocabulary >= 2, $"--vocab: {Vocabulary} must be at least 2.");
        Require(DecodeSteps >= 1, $"--decode-steps: {DecodeSteps} must be at least 1.");
        Require(Rounds >= 1, $"--rounds: {Rounds} must be at least 1.");
        Require(MinSeconds >= 0 && double.IsFinite(MinSeconds), $"--min-seconds: {MinSeconds} must be a finite number ≥ 0.");
        Require(Threads >= 1, $"--threads: {Threads} must be at least 1.");
    }
}
