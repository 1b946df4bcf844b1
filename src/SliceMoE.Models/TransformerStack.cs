using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// Token embeddings (optionally projected to the model width), learned positions, L transformer blocks and a final
/// norm: the body of every model here. Rows are (sequence, position) in sequence-major order; sequences are right-padded.
/// Names under the prefix: embed_positions.weight, embed_proj.* (when projecting), layers.{i}.*, norm.*; the token
/// embedding is passed in so models can share or tie it.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class TransformerStack<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TransformerBlock<T>[] _blocks;
    private readonly Linear<T>? _projection;
    private readonly Dropout<T> _dropout;
    private readonly GrowableBuffer<T> _embedded = new();
    private readonly GrowableBuffer<T> _a = new();
    private readonly GrowableBuffer<T> _b = new();
    private readonly GrowableBuffer<T> _g1 = new();
    private readonly GrowableBuffer<T> _g2 = new();
    private readonly GrowableBuffer<T> _gEmbedded = new();
    private int[] _ids = [];
    private int[] _positions = [];
    private int _rows;
    private PhaseTimer? _timer;

    /// <summary>Declares the stack's parameters.</summary>
    public TransformerStack(ParameterStore<T> store, string prefix, Embedding<T> tokens, int maxLength, int layers, BlockOptions block, FeedForwardSpec feedForward)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(feedForward);
        Tokens = tokens;
        Dim = block.Dim;
        MaxLength = maxLength;
        if (tokens.Dim != block.Dim)
        {
            _projection = new Linear<T>(store, prefix + "embed_proj.", tokens.Dim, block.Dim);
        }

        Positions = new Embedding<T>(store, prefix + "embed_positions.weight", maxLength, block.Dim);
        _blocks = new TransformerBlock<T>[layers];
        for (int i = 0; i < layers; i++)
        {
            _blocks[i] = new TransformerBlock<T>(store, $"{prefix}layers.{i}.", block, (s, p) => feedForward.Create(s, p, block.Dim));
        }

        Norm = new LayerNormLayer<T>(store, prefix + "norm.", block.Dim);
        _dropout = new Dropout<T>(block.Dropout);
    }

    /// <summary>Model width d.</summary>
    public int Dim { get; }

    /// <summary>Longest sequence the position table covers.</summary>
    public int MaxLength { get; }

    /// <summary>Token embedding (possibly shared).</summary>
    public Embedding<T> Tokens { get; }

    /// <summary>Learned position embedding.</summary>
    public Embedding<T> Positions { get; }

    /// <summary>Final norm.</summary>
    public LayerNormLayer<T> Norm { get; }

    /// <summary>The blocks.</summary>
    public IReadOnlyList<TransformerBlock<T>> Blocks => _blocks;

    /// <summary>The embedding projection, when the token embedding's width differs from d.</summary>
    public Linear<T>? Projection => _projection;

    /// <summary>
    /// When set, forward and backward add their time per part (<see cref="ModelPhases"/>; MoE layers their own phases) to
    /// it, through every block. The time since the timer's previous lap goes to the stack's first part: lap or start it
    /// before calling. Laps only read the clock: results are the same bits with or without.
    /// </summary>
    public PhaseTimer? Timer
    {
        get => _timer;
        set
        {
            _timer = value;
            foreach (var b in _blocks)
            {
                b.Timer = value;
            }
        }
    }

    /// <summary>
    /// output [B·T, d] from token ids [B·T] (padded); sequence b has lengths[b] real tokens. Returns each block's MoE report.
    /// </summary>
    /// <exception cref="ArgumentException">When T exceeds the position table.</exception>
    public MoeForwardReport?[] Forward(ReadOnlySpan<int> ids, int batch, int length, ReadOnlySpan<int> lengths, Span<T> output, ForwardContext context, EncoderMemory<T>? memory = null)
    {
        if (length > MaxLength)
        {
            throw new ArgumentException($"Sequences of {length} tokens exceed the model's maximum length {MaxLength}.", nameof(length));
        }

        int rows = batch * length, d = Dim;
        _rows = rows;
        _ids = ids[..rows].ToArray();

        // Sequence-level routers group tokens by sequence: unless told otherwise, a sequence is this stack's T.
        var moeContext = MoeForwardContext.Of(context);
        context = moeContext.SequenceLength is null ? moeContext with { SequenceLength = length } : moeContext;
        if (_positions.Length != rows)
        {
            _positions = Enumerable.Range(0, rows).Select(r => r % length).ToArray();
        }

        var x = Embed(_ids, _positions);
        _timer?.Lap(ModelPhases.Embedding);
        _dropout.Forward(x, context);
        _timer?.Lap(ModelPhases.ResidualDropout);
        var reports = new MoeForwardReport?[_blocks.Length];
        var input = _a;
        var next = _b;
        for (int i = 0; i < _blocks.Length; i++)
        {
            var y = next.Ensure(rows * d);
            reports[i] = _blocks[i].Forward(input.Span, y, batch, length, lengths, context, memory);
            (input, next) = (next, input);
        }

        Norm.Forward(input.Span, output, rows);
        _timer?.Lap(ModelPhases.LayerNorm);
        return reports;
    }

    /// <summary>
    /// Incremental forward (inference only): output [B·n, d] for sequence b's n new tokens ids [B·n] at positions
    /// cache.Lengths[b] .. + n - 1, through the caches; then advances cache.Lengths by n. With a fresh cache and n = T this
    /// is a prefill of right-padded prompts: the padded positions are written, and overwritten as decoding reaches them.
    /// </summary>
    /// <exception cref="ArgumentException">When a sequence would pass the position table or the cache.</exception>
    public void ForwardCached(ReadOnlySpan<int> ids, int batch, int n, DecodingCache<T> cache, Span<T> output)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int rows = batch * n, d = Dim;
        var start = cache.Lengths;
        var positions = new int[rows];
        for (int b = 0; b < batch; b++)
        {
            if (start[b] + n > Math.Min(MaxLength, cache.Capacity))
            {
                throw new ArgumentException($"Sequence {b} would reach {start[b] + n} tokens, past the model's maximum length {MaxLength} (or the cache's {cache.Capacity}).", nameof(n));
            }

            for (int i = 0; i < n; i++)
            {
                positions[(b * n) + i] = start[b] + i;
            }
        }

        Embed(ids[..rows], positions);
        var input = _a;
        var next = _b;
        for (int i = 0; i < _blocks.Length; i++)
        {
            var y = next.Ensure(rows * d);
            _blocks[i].ForwardCached(input.Span, y, batch, n, start, cache.Self(i), cache.Cross(i), cache.SourceLengths);
            (input, next) = (next, input);
        }

        Norm.Forward(input.Span, output, rows);
        for (int b = 0; b < batch; b++)
        {
            start[b] += n;
        }
    }

    /// <summary>
    /// Writes the stack's input for <paramref name="ids"/> at <paramref name="positions"/> (one per row) into the first
    /// buffer: the token embeddings, projected to the model width when they are narrower, plus the position embeddings.
    /// The unprojected embeddings stay in <c>_embedded</c> for the projection's backward.
    /// </summary>
    private Span<T> Embed(ReadOnlySpan<int> ids, ReadOnlySpan<int> positions)
    {
        int rows = ids.Length;
        var x = _a.Ensure(rows * Dim);
        if (_projection is null)
        {
            Tokens.Forward(ids, x);
        }
        else
        {
            var e = _embedded.Ensure(rows * Tokens.Dim);
            Tokens.Forward(ids, e);
            _projection.Forward(e, x, rows);
        }

        Positions.Forward(positions, x, accumulate: true);
        return x;
    }

    /// <summary>Backward from dOutput [B·T, d]; adds every parameter gradient (embeddings unless frozen) and, for decoders, the encoder memory's gradient.</summary>
    public void Backward(ReadOnlySpan<T> dOutput, Span<T> memoryGrad = default)
    {
        int rows = _rows, d = Dim;
        var g = _g1.Ensure(rows * d);
        Norm.Backward(dOutput, g, accumulate: false);
        _timer?.Lap(ModelPhases.LayerNorm);
        var current = _g1;
        var other = _g2;
        for (int i = _blocks.Length - 1; i >= 0; i--)
        {
            var dx = other.Ensure(rows * d);
            _blocks[i].Backward(current.Span, dx, memoryGrad);
            (current, other) = (other, current);
        }

        var dx0 = current.Span;
        _dropout.Backward(dx0);
        _timer?.Lap(ModelPhases.ResidualDropout);
        Positions.Backward(_positions, dx0);
        if (_projection is null)
        {
            Tokens.Backward(_ids, dx0);
        }
        else
        {
            bool needInputGrad = !Tokens.Weight.Frozen;
            var de = needInputGrad ? _gEmbedded.Ensure(rows * Tokens.Dim) : default;
            _projection.Backward(_embedded.Span, dx0, de, rows, accumulateDx: false);
            if (needInputGrad)
            {
                Tokens.Backward(_ids, de);
            }
        }

        _timer?.Lap(ModelPhases.Embedding);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in _blocks)
        {
            b.Dispose();
        }

        Norm.Dispose();
        foreach (var b in new[] { _embedded, _a, _b, _g1, _g2, _gEmbedded })
        {
            b.Dispose();
        }
    }
}
