using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// Transformer encoder + pooling + linear head, trained with cross-entropy (optional label smoothing). Parameter names:
/// embed_tokens.weight, embed_positions.weight, embed_proj.*, layers.{i}.*, norm.*, head.*.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class EncoderClassifier<T> : ITrainableModel<T, ClassificationBatch> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GrowableBuffer<T> _states = new();
    private readonly GrowableBuffer<T> _pooled = new();
    private readonly GrowableBuffer<T> _logits = new();
    private readonly GrowableBuffer<T> _dLogits = new();
    private readonly GrowableBuffer<T> _dPooled = new();
    private readonly GrowableBuffer<T> _dStates = new();

    /// <summary>Declares and initialises every parameter from <paramref name="seed"/>.</summary>
    public EncoderClassifier(ClassifierConfig config, ulong seed, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        LabelSmoothing = labelSmoothing;
        Store = new ParameterStore<T>();
        Tokens = new Embedding<T>(Store, "embed_tokens.weight", config.Vocabulary, config.EmbeddingDim);
        Encoder = new TransformerStack<T>(Store, string.Empty, Tokens, config.MaxLength, config.Layers, new BlockOptions(config.Dim, config.Heads, Causal: false, Dropout: config.Dropout), config.FeedForward);
        Head = new Linear<T>(Store, "head.", config.Dim, config.Classes);
        Store.Allocate(seed);
        foreach (var p in Store.Parameters)
        {
            bool isEncoderBody = !p.Name.Contains(".ffn.", StringComparison.Ordinal) && !p.Name.StartsWith("head.", StringComparison.Ordinal);
            p.Frozen = (config.FreezeEncoder && isEncoderBody) || (config.FreezeEmbeddings && p.Name == Tokens.Weight.Name);
        }
    }

    /// <summary>The configuration.</summary>
    public ClassifierConfig Config { get; }

    /// <summary>Label smoothing ε of the training loss.</summary>
    public double LabelSmoothing { get; }

    /// <inheritdoc />
    public ParameterStore<T> Store { get; }

    /// <inheritdoc />
    public ReadOnlySpan<T> Logits => _logits.Span;

    /// <summary>Token embedding.</summary>
    public Embedding<T> Tokens { get; }

    /// <summary>The encoder.</summary>
    public TransformerStack<T> Encoder { get; }

    /// <summary>Classification head.</summary>
    public Linear<T> Head { get; }

    /// <summary>
    /// When set, <see cref="Step"/> adds its time per part to it (<see cref="ModelPhases"/>, and the MoE layers' own phases;
    /// pooling and the head count as <see cref="ModelPhases.Output"/>). The time since the timer's previous lap goes to the
    /// first part (the embedding): start or lap it before a step. Laps only read the clock: the step gives the same bits
    /// with or without.
    /// </summary>
    public PhaseTimer? Timer
    {
        get => Encoder.Timer;
        set => Encoder.Timer = value;
    }

    /// <inheritdoc />
    public StepResult Step(ClassificationBatch batch, ForwardContext context, bool backward, double lossScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(batch);
        context = ModelSupport.ForStep(context, backward);
        int b = batch.Batch, t = batch.Length, d = Config.Dim, c = Config.Classes;
        ModelSupport.CheckBatch(batch.Ids.Length, b, t, batch.Lengths.Length, "classification batch");
        var states = _states.Ensure(b * t * d);
        var reports = Encoder.Forward(batch.Ids, b, t, batch.Lengths, states, context);
        var pooled = _pooled.Ensure(b * d);
        Pool(states, pooled, batch);
        var logits = _logits.Ensure(b * c);
        Head.Forward(pooled, logits, b);
        Timer?.Lap(ModelPhases.Output);
        var dLogits = _dLogits.Ensure(b * c);
        var (loss, count) = CrossEntropy.ForwardBackward<T>(logits, batch.Labels, dLogits, b, c, LabelSmoothing, lossScale: lossScale);
        var predictions = new int[b];
        int correct = 0;
        for (int i = 0; i < b; i++)
        {
            predictions[i] = ModelSupport.ArgMax<T>(logits.Slice(i * c, c));
            correct += predictions[i] == batch.Labels[i] ? 1 : 0;
        }

        Timer?.Lap(ModelPhases.Loss);
        var moe = ModelSupport.Collect(reports);
        if (backward)
        {
            var dPooled = _dPooled.Ensure(b * d);
            Head.Backward(pooled, dLogits, dPooled, b, accumulateDx: false);
            var dStates = _dStates.Ensure(b * t * d, clear: true);
            Unpool(dPooled, dStates, batch);
            Timer?.Lap(ModelPhases.Output);
            Encoder.Backward(dStates);
        }

        return new StepResult(loss, moe.Sum(r => r.AuxObjective), count, correct, moe, predictions);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Encoder.Dispose();
        Store.Dispose();
        foreach (var buffer in new[] { _states, _pooled, _logits, _dLogits, _dPooled, _dStates })
        {
            buffer.Dispose();
        }
    }

    private void Pool(ReadOnlySpan<T> states, Span<T> pooled, ClassificationBatch batch)
    {
        int d = Config.Dim, t = batch.Length;
        pooled.Clear();
        for (int i = 0; i < batch.Batch; i++)
        {
            var o = pooled.Slice(i * d, d);
            if (Config.Pooling == Pooling.First)
            {
                states.Slice(i * t * d, d).CopyTo(o);
                continue;
            }

            int len = Math.Clamp(batch.Lengths[i], 1, t);
            for (int j = 0; j < len; j++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add<T>(o, states.Slice(((i * t) + j) * d, d), o);
            }

            System.Numerics.Tensors.TensorPrimitives.Multiply<T>(o, T.One / T.CreateTruncating(len), o);
        }
    }

    private void Unpool(ReadOnlySpan<T> dPooled, Span<T> dStates, ClassificationBatch batch)
    {
        int d = Config.Dim, t = batch.Length;
        for (int i = 0; i < batch.Batch; i++)
        {
            var g = dPooled.Slice(i * d, d);
            if (Config.Pooling == Pooling.First)
            {
                g.CopyTo(dStates.Slice(i * t * d, d));
                continue;
            }

            int len = Math.Clamp(batch.Lengths[i], 1, t);
            var scale = T.One / T.CreateTruncating(len);
            for (int j = 0; j < len; j++)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply<T>(g, scale, dStates.Slice(((i * t) + j) * d, d));
            }
        }
    }
}
