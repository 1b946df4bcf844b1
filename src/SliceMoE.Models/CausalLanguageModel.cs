using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// A decoder-only (causal) transformer language model with tied input/output embeddings. Names: embed_tokens.weight,
/// embed_positions.weight, layers.{i}.*, norm.*.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class CausalLanguageModel<T> : ITrainableModel<T, LanguageModelBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TiedOutput<T> _output;
    private readonly GrowableBuffer<T> _states = new();
    private readonly GrowableBuffer<T> _dStates = new();
    private readonly GrowableBuffer<T> _lastStates = new();

    /// <summary>Declares and initialises the parameters from <paramref name="seed"/>.</summary>
    public CausalLanguageModel(LanguageModelConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        Store = new ParameterStore<T>();
        Tokens = new Embedding<T>(Store, "embed_tokens.weight", config.Vocabulary, config.Dim);
        Decoder = new TransformerStack<T>(Store, string.Empty, Tokens, config.MaxLength, config.Layers, new BlockOptions(config.Dim, config.Heads, Causal: true, Dropout: config.Dropout), config.FeedForward);
        _output = new TiedOutput<T>(Tokens);
        Store.Allocate(seed);
    }

    /// <summary>The configuration.</summary>
    public LanguageModelConfig Config { get; }

    /// <inheritdoc />
    public ParameterStore<T> Store { get; }

    /// <inheritdoc />
    public ReadOnlySpan<T> Logits => _output.Logits;

    /// <summary>Token embedding (also the output layer).</summary>
    public Embedding<T> Tokens { get; }

    /// <summary>The decoder stack.</summary>
    public TransformerStack<T> Decoder { get; }

    /// <summary>
    /// When set, <see cref="Step"/> adds its time per part to it (<see cref="ModelPhases"/>, and the MoE layers' own phases),
    /// through the stack, its blocks and the output layer. The time since the timer's previous lap goes to the first part
    /// (the embedding): start or lap it before a step. Laps only read the clock: the step gives the same bits with or without.
    /// </summary>
    public PhaseTimer? Timer
    {
        get => _output.Timer;
        set
        {
            _output.Timer = value;
            Decoder.Timer = value;
        }
    }

    /// <inheritdoc />
    public StepResult Step(LanguageModelBatch batch, ForwardContext context, bool backward, double lossScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        context = ModelSupport.ForStep(context, backward);
        int rows = batch.Batch * batch.Length, d = Config.Dim;
        ModelSupport.CheckBatch(batch.Ids.Length, batch.Batch, batch.Length, batch.Lengths.Length, "language-model batch");
        var states = _states.Ensure(rows * d);
        var reports = Decoder.Forward(batch.Ids, batch.Batch, batch.Length, batch.Lengths, states, context);
        var (loss, count, correct) = _output.Forward(states, batch.Targets, rows, 0, lossScale);
        var moe = ModelSupport.Collect(reports);
        if (backward)
        {
            var dStates = _dStates.Ensure(rows * d);
            _output.Backward(states, dStates, rows);
            Decoder.Backward(dStates);
        }

        return new StepResult(loss, moe.Sum(r => r.AuxObjective), count, correct, moe, []);
    }

    /// <summary>Whether <see cref="Generate(IReadOnlyList{IReadOnlyList{int}}, GenerationOptions, Action{int, int}?)"/> can decode incrementally (see <see cref="FeedForwardSpec.RoutesEachRowAlone"/>).</summary>
    public bool SupportsCachedDecoding => Config.FeedForward.RoutesEachRowAlone;

    /// <summary>
    /// Empty key/value caches for <paramref name="batch"/> sequences of up to MaxLength tokens; with
    /// <paramref name="weights"/>, also this model's weights packed in that format (a snapshot: see <see cref="WeightPacks"/>),
    /// which <see cref="Prefill"/> and <see cref="Decode"/> on this cache then read.
    /// </summary>
    public DecodingCache<T> CreateCache(int batch, WeightFormat? weights = null) =>
        new(Config.Layers, batch, Config.MaxLength, Config.Dim) { Weights = weights is { } f ? WeightPacks.Create(Store, f) : null };

    /// <summary>
    /// Runs B prompts of different lengths (right-padded into one batch) through a fresh <paramref name="cache"/> and
    /// returns each prompt's next-token logits [B, V]; the cache then holds each prompt's keys and values, and its lengths
    /// are the prompts'.
    /// </summary>
    /// <exception cref="ArgumentException">When a prompt is empty or longer than the context, or the cache is not fresh or of another batch size.</exception>
    /// <exception cref="NotSupportedException">When the FFN's router ranks rows against each other (<see cref="SupportsCachedDecoding"/>).</exception>
    public T[] Prefill(IReadOnlyList<IReadOnlyList<int>> prompts, DecodingCache<T> cache)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(cache);
        RequireCachedDecoding();
        if (prompts.Count != cache.Batch || cache.Lengths.Any(l => l != 0))
        {
            throw new ArgumentException($"Prefill needs a fresh cache for {prompts.Count} sequences (this one has {cache.Batch}, lengths {string.Join(",", cache.Lengths)}).", nameof(cache));
        }

        int batch = prompts.Count;
        for (int b = 0; b < batch; b++)
        {
            CheckPrompt(prompts[b], b);
        }

        int length = prompts.Max(p => p.Count), d = Config.Dim;
        var ids = new int[batch * length];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < prompts[b].Count; i++)
            {
                ids[(b * length) + i] = prompts[b][i];
            }
        }

        var states = _states.Ensure(batch * length * d);
        using var packs = cache.Weights?.Activate();
        Decoder.ForwardCached(ids, batch, length, cache, states);
        var last = _lastStates.Ensure(batch * d);
        for (int b = 0; b < batch; b++)
        {
            cache.Lengths[b] = prompts[b].Count; // padded positions are overwritten as decoding reaches them
            states.Slice((((b * length) + prompts[b].Count) - 1) * d, d).CopyTo(last.Slice(b * d, d));
        }

        return _output.LogitsOnly(last, batch).ToArray();
    }

    /// <summary>Appends one token per sequence (tokens [B]) to the cache and returns the logits [B, V] of what follows each.</summary>
    /// <exception cref="ArgumentException">When a sequence would pass the context.</exception>
    public T[] Decode(ReadOnlySpan<int> tokens, DecodingCache<T> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        RequireCachedDecoding();
        if (tokens.Length != cache.Batch)
        {
            throw new ArgumentException($"{tokens.Length} tokens for a cache of {cache.Batch} sequences.", nameof(tokens));
        }

        var states = _states.Ensure(cache.Batch * Config.Dim);
        using var packs = cache.Weights?.Activate();
        Decoder.ForwardCached(tokens, cache.Batch, 1, cache, states);
        return _output.LogitsOnly(states, cache.Batch).ToArray();
    }

    /// <summary>
    /// Continues B prompts at once with cached decoding: one prefill, then one token per sequence per step, each step
    /// O(context) per token. A sequence ends at a stop token, after <see cref="GenerationOptions.MaxNewTokens"/>, or when
    /// its context reaches MaxLength. <paramref name="onToken"/>(b, token) streams each token as it is chosen. Returns
    /// each sequence's new tokens (a stop token included). Sequence b samples from Rng(seed + b), so prompt b in a batch
    /// gets what it gets alone with seed + b.
    /// </summary>
    /// <exception cref="ArgumentException">When a prompt is empty or fills the context, or an option is out of range.</exception>
    /// <exception cref="NotSupportedException">When the router ranks rows against each other: use <see cref="GenerateUncached"/>.</exception>
    public int[][] Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options, Action<int, int>? onToken = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int batch = prompts.Count, v = Config.Vocabulary;
        if (batch == 0)
        {
            return [];
        }

        using var cache = CreateCache(batch, options.Weights);
        var logits = Prefill(prompts, cache);
        var rngs = Enumerable.Range(0, batch).Select(b => new Rng(options.Seed + (ulong)b)).ToArray();
        var generated = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var done = new bool[batch];
        var next = new int[batch];
        while (true)
        {
            for (int b = 0; b < batch; b++)
            {
                if (done[b])
                {
                    continue;
                }

                int token = Sampling.Sample<T>(logits.AsSpan(b * v, v), options.Temperature, options.TopK, rngs[b], options.TopP);
                generated[b].Add(token);
                onToken?.Invoke(b, token);
                next[b] = token;
                done[b] = options.StopTokens.Contains(token) || generated[b].Count >= options.MaxNewTokens || cache.Lengths[b] >= Config.MaxLength;
            }

            if (done.All(x => x))
            {
                return [.. generated.Select(g => g.ToArray())];
            }

            // A finished sequence keeps a place in the batch: it re-decodes its last position, whose result is unused.
            for (int b = 0; b < batch; b++)
            {
                if (done[b])
                {
                    cache.Lengths[b] = Math.Min(cache.Lengths[b], Config.MaxLength - 1);
                }
            }

            logits = Decode(next, cache);
        }
    }

    /// <summary>
    /// The reference generation, kept as the oracle of the cached one and for routers that rank rows against each other:
    /// samples <paramref name="count"/> tokens after <paramref name="prompt"/> (temperature; top-k when &gt; 0; greedy at
    /// temperature 0), re-running the model on the growing context (the last MaxLength tokens), O(T²) per token.
    /// </summary>
    public int[] GenerateUncached(IReadOnlyList<int> prompt, int count, double temperature, int topK, Rng rng, int? stopToken = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(rng);
        var context = prompt.ToList();
        if (context.Count == 0)
        {
            throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        }

        var generated = new List<int>();
        int v = Config.Vocabulary, d = Config.Dim;
        for (int i = 0; i < count; i++)
        {
            var window = context.Skip(Math.Max(0, context.Count - Config.MaxLength)).ToArray();
            var states = _states.Ensure(window.Length * d);
            Decoder.Forward(window, 1, window.Length, [window.Length], states, ForwardContext.NoGrad);
            var logits = _output.LogitsOnly(states.Slice((window.Length - 1) * d, d), 1);
            int next = Sampling.Sample(logits[..v], temperature, topK, rng);
            generated.Add(next);
            context.Add(next);
            if (next == stopToken)
            {
                break;
            }
        }

        return [.. generated];
    }

    private void RequireCachedDecoding()
    {
        if (!SupportsCachedDecoding)
        {
            throw new NotSupportedException($"Cached decoding needs an FFN that routes each token alone; this model's router ({Config.FeedForward.Moe!.Routing}{(Config.FeedForward.Moe.CapacityFactor is null ? string.Empty : ", with a capacity factor")}) ranks tokens against each other. Use GenerateUncached.");
        }
    }

    private void CheckPrompt(IReadOnlyList<int> prompt, int index)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException($"Prompt {index} is empty: it needs at least one token.", nameof(prompt));
        }

        if (prompt.Count >= Config.MaxLength)
        {
            throw new ArgumentException($"Prompt {index} has {prompt.Count} tokens, but the model's context is {Config.MaxLength} tokens and at least one must be left to generate: shorten the prompt to at most {Config.MaxLength - 1} tokens.", nameof(prompt));
        }

        foreach (int id in prompt)
        {
            if ((uint)id >= (uint)Config.Vocabulary)
            {
                throw new ArgumentException($"Prompt {index} has token id {id}, outside the vocabulary of {Config.Vocabulary}.", nameof(prompt));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Decoder.Dispose();
        _output.Dispose();
        Store.Dispose();
        _states.Dispose();
        _dStates.Dispose();
        _lastStates.Dispose();
    }
}
