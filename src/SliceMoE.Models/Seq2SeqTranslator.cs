using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// An encoder-decoder transformer for translation: the decoder's blocks add cross-attention over the encoder output;
/// one joint vocabulary with the embedding shared by encoder input, decoder input and output layer. Names:
/// embed_tokens.weight, encoder.*, decoder.* (each with embed_positions.weight, layers.{i}.*, norm.*).
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Seq2SeqTranslator<T> : ITrainableModel<T, TranslationBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TiedOutput<T> _output;
    private readonly GrowableBuffer<T> _encoderStates = new();
    private readonly GrowableBuffer<T> _decoderStates = new();
    private readonly GrowableBuffer<T> _dDecoder = new();

    /// <summary>Declares and initialises the parameters from <paramref name="seed"/>.</summary>
    public Seq2SeqTranslator(TranslationConfig config, ulong seed, double labelSmoothing = 0.1)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        LabelSmoothing = labelSmoothing;
        Store = new ParameterStore<T>();
        Tokens = new Embedding<T>(Store, "embed_tokens.weight", config.Vocabulary, config.Dim);
        Encoder = new TransformerStack<T>(Store, "encoder.", Tokens, config.MaxLength, config.EncoderLayers, new BlockOptions(config.Dim, config.Heads, Causal: false, Dropout: config.Dropout), config.FeedForward);
        Decoder = new TransformerStack<T>(Store, "decoder.", Tokens, config.MaxLength, config.DecoderLayers, new BlockOptions(config.Dim, config.Heads, Causal: true, CrossAttention: true, Dropout: config.Dropout), config.FeedForward);
        _output = new TiedOutput<T>(Tokens);
        Store.Allocate(seed);
    }

    /// <summary>The configuration.</summary>
    public TranslationConfig Config { get; }

    /// <summary>Label smoothing of the training loss (0.1 in the paper's MT setup).</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    public ParameterStore<T> Store { get; }

    /// <inheritdoc />
    public ReadOnlySpan<T> Logits => _output.Logits;

    /// <summary>The shared embedding.</summary>
    public Embedding<T> Tokens { get; }

    /// <summary>The encoder.</summary>
    public TransformerStack<T> Encoder { get; }

    /// <summary>The decoder.</summary>
    public TransformerStack<T> Decoder { get; }

    /// <summary>
    /// When set, <see cref="Step"/> adds its time per part to it (<see cref="ModelPhases"/>, and the MoE layers' own phases),
    /// through both stacks and the output layer. The time since the timer's previous lap goes to the first part (the
    /// embedding): start or lap it before a step. Laps only read the clock: the step gives the same bits with or without.
    /// </summary>
    public PhaseTimer? Timer
    {
        get => _output.Timer;
        set
        {
            _output.Timer = value;
            Encoder.Timer = value;
            Decoder.Timer = value;
        }
    }

    /// <inheritdoc />
    public StepResult Step(TranslationBatch batch, ForwardContext context, bool backward, double lossScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        context = ModelSupport.ForStep(context, backward);
        int b = batch.Batch, d = Config.Dim;
        ModelSupport.CheckBatch(batch.Source.Length, b, batch.SourceLength, batch.SourceLengths.Length, "translation source");
        ModelSupport.CheckBatch(batch.TargetInput.Length, b, batch.TargetLength, batch.TargetLengths.Length, "translation target");
        var memory = Encode(batch.Source, batch.SourceLengths, b, batch.SourceLength, context, out var encoderReports);
        int rows = b * batch.TargetLength;
        var states = _decoderStates.Ensure(rows * d);
        var decoderReports = Decoder.Forward(batch.TargetInput, b, batch.TargetLength, batch.TargetLengths, states, context, memory);
        var (loss, count, correct) = _output.Forward(states, batch.TargetOutput, rows, LabelSmoothing, lossScale);
        var moe = ModelSupport.Collect(encoderReports, decoderReports);
        if (backward)
        {
            var dStates = _dDecoder.Ensure(rows * d);
            _output.Backward(states, dStates, rows);
            var dMemory = new T[memory.States.Length];
            Timer?.Lap(ModelPhases.ResidualDropout);
            Decoder.Backward(dStates, dMemory);
            Encoder.Backward(dMemory);
        }

        return new StepResult(loss, moe.Sum(r => r.AuxObjective), count, correct, moe, []);
    }

    /// <summary>Whether <see cref="Translate"/> decodes incrementally (see <see cref="FeedForwardSpec.RoutesEachRowAlone"/>); otherwise it re-runs the decoder on every prefix.</summary>
    public bool SupportsCachedDecoding => Config.FeedForward.RoutesEachRowAlone;

    /// <summary>
    /// Beam-search translation of one source sentence (beam 1 = greedy): hypotheses start with <paramref name="bos"/>,
    /// finish at <paramref name="eos"/> or <paramref name="maxLength"/>; the best finished one by length-normalised
    /// log-probability (GNMT penalty ((5 + |y|)/6)^α) is returned, without BOS/EOS. The decoder runs on key/value caches
    /// (the encoder's projected once per source), reordered as beams are chosen; for routers that rank rows against each
    /// other it re-runs every prefix (<see cref="TranslateUncached"/>).
    /// </summary>
    public int[] Translate(IReadOnlyList<int> source, int bos, int eos, int beam = 4, int maxLength = 64, double lengthPenalty = 0.6)
    {
        if (!SupportsCachedDecoding)
        {
            return TranslateUncached(source, bos, eos, beam, maxLength, lengthPenalty);
        }

        var src = Source(source, beam);
        if (src.Length == 0)
        {
            return [];
        }

        int d = Config.Dim;
        var single = Encode(src, [src.Length], 1, src.Length, ForwardContext.NoGrad, out _);
        using var cache = new DecodingCache<T>(Config.DecoderLayers, beam, Config.MaxLength, d, src.Length);
        var memory = Repeat(single.States, beam);
        for (int i = 0; i < Config.DecoderLayers; i++)
        {
            Decoder.Blocks[i].CrossAttention!.StoreMemory(memory, beam, src.Length, cache.Cross(i)!);
        }

        Array.Fill(cache.SourceLengths, src.Length);
        return BeamSearch(bos, eos, beam, maxLength, lengthPenalty, (live, parents) =>
        {
            int k = live.Count;
            cache.Reorder(parents);
            var ids = live.Select(h => h.Tokens[^1]).ToArray();
            var states = _decoderStates.Ensure(k * d);
            Decoder.ForwardCached(ids, k, 1, cache, states);
            return _output.LogitsOnly(states, k).ToArray();
        });
    }

    /// <summary>
    /// The reference beam search, kept as the oracle of the cached one: the same search, re-running the decoder on every
    /// hypothesis's whole prefix at every step.
    /// </summary>
    public int[] TranslateUncached(IReadOnlyList<int> source, int bos, int eos, int beam = 4, int maxLength = 64, double lengthPenalty = 0.6)
    {
        var src = Source(source, beam);
        if (src.Length == 0)
        {
            return [];
        }

        int d = Config.Dim;
        var single = Encode(src, [src.Length], 1, src.Length, ForwardContext.NoGrad, out _);
        return BeamSearch(bos, eos, beam, maxLength, lengthPenalty, (live, _) =>
        {
            int k = live.Count, t = live[0].Tokens.Length;
            var memory = new EncoderMemory<T>(Repeat(single.States, k), src.Length, Enumerable.Repeat(src.Length, k).ToArray());
            var ids = live.SelectMany(h => h.Tokens).ToArray();
            var outStates = _decoderStates.Ensure(k * t * d);
            Decoder.Forward(ids, k, t, Enumerable.Repeat(t, k).ToArray(), outStates, ForwardContext.NoGrad, memory);
            var last = new T[k * d];
            for (int i = 0; i < k; i++)
            {
                outStates.Slice(((i * t) + t - 1) * d, d).CopyTo(last.AsSpan(i * d, d));
            }

            return _output.LogitsOnly(last, k).ToArray();
        });
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Encoder.Dispose();
        Decoder.Dispose();
        _output.Dispose();
        Store.Dispose();
        _encoderStates.Dispose();
        _decoderStates.Dispose();
        _dDecoder.Dispose();
    }

    private int[] Source(IReadOnlyList<int> source, int beam)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (beam < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beam), beam, "The beam size must be at least 1.");
        }

        return source.Take(Config.MaxLength).ToArray();
    }

    private static T[] Repeat(T[] states, int count)
    {
        var all = new T[count * states.Length];
        for (int i = 0; i < count; i++)
        {
            states.CopyTo(all, i * states.Length);
        }

        return all;
    }

    /// <summary>
    /// The search itself. <paramref name="nextLogits"/>(live, parents) returns the logits [k, V] after each live
    /// hypothesis; parents[j] is the index, in the previous step's live list, of the hypothesis live[j] extends.
    /// </summary>
    private int[] BeamSearch(int bos, int eos, int beam, int maxLength, double lengthPenalty, Func<List<(int[] Tokens, double LogProb)>, int[], T[]> nextLogits)
    {
        int limit = Math.Min(maxLength, Config.MaxLength), v = Config.Vocabulary;
        var live = new List<(int[] Tokens, double LogProb)> { ([bos], 0) };
        int[] parents = [0];
        var finished = new List<(int[] Tokens, double Score)>();
        for (int step = 0; step < limit && live.Count > 0; step++)
        {
            int k = live.Count;
            var logits = nextLogits(live, parents);
            var logProbs = new T[logits.Length];
            LogSoftmax.Forward<T>(logits, logProbs, k, v);
            var candidates = new List<(int Beam, int Token, double LogProb)>();
            for (int i = 0; i < k; i++)
            {
                var row = logProbs.AsSpan(i * v, v);
                var top = new int[Math.Min(beam, v)];
                var topValues = new T[top.Length];
                TopK.Row<T>(row, top, topValues);
                for (int j = 0; j < top.Length; j++)
                {
                    candidates.Add((i, top[j], live[i].LogProb + double.CreateTruncating(topValues[j])));
                }
            }

            var next = new List<(int[] Tokens, double LogProb)>();
            var nextParents = new List<int>();
            foreach (var c in candidates.OrderByDescending(c => c.LogProb).ThenBy(c => c.Beam).ThenBy(c => c.Token))
            {
                var tokens = live[c.Beam].Tokens.Append(c.Token).ToArray();
                if (c.Token == eos || step == limit - 1)
                {
                    int len = tokens.Length - 1;
                    finished.Add((tokens, c.LogProb / Math.Pow((5.0 + len) / 6.0, lengthPenalty)));
                }
                else
                {
                    next.Add((tokens, c.LogProb));
                    nextParents.Add(c.Beam);
                }

                if (next.Count == beam)
                {
                    break;
                }
            }

            live = next;
            parents = [.. nextParents];
            if (finished.Count >= beam)
            {
                break;
            }
        }

        var best = finished.Count > 0 ? finished.MaxBy(f => f.Score).Tokens : live.MaxBy(h => h.LogProb).Tokens;
        return best.Skip(1).Where(x => x != eos).ToArray();
    }

    private EncoderMemory<T> Encode(int[] source, int[] lengths, int batch, int length, ForwardContext context, out Moe.MoeForwardReport?[] reports)
    {
        var states = _encoderStates.Ensure(batch * length * Config.Dim);
        reports = Encoder.Forward(source, batch, length, lengths, states, context);
        var memory = new EncoderMemory<T>(states.ToArray(), length, lengths);
        Timer?.Lap(ModelPhases.ResidualDropout);
        return memory;
    }
}
