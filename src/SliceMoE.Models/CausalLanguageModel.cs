using System.Numerics;
using SliceMoE.Diagnostics;
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

    /// <summary>
    /// Samples <paramref name="count"/> tokens after <paramref name="prompt"/> (temperature; top-k when &gt; 0; greedy at
    /// temperature 0), re-running the model on the growing context (at most MaxLength tokens).
    /// </summary>
    public int[] Generate(IReadOnlyList<int> prompt, int count, double temperature, int topK, Rng rng, int? stopToken = null)
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

    /// <inheritdoc />
    public void Dispose()
    {
        Decoder.Dispose();
        _output.Dispose();
        Store.Dispose();
        _states.Dispose();
        _dStates.Dispose();
    }
}
