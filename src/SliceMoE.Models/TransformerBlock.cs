using System.Numerics;
using SliceMoE.Diagnostics;
using SliceMoE.Modules;
using SliceMoE.Layers;
using SliceMoE.Moe;
using SliceMoE.Tensors;

namespace SliceMoE.Models;

/// <summary>
/// A pre-norm transformer block: h = x + Dropout(SelfAttention(LN(x))); [h += Dropout(CrossAttention(LN(h), encoder))];
/// y = h + Dropout(FFN(LN(h))), where the FFN slot holds any <see cref="IFeedForward{T}"/> (dense, SliceMoE, TokenMoE).
/// Parameter names under the prefix: attn_norm.*, attn.*, cross_attn_norm.*, cross_attn.*, ffn_norm.*, ffn.*.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class TransformerBlock<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GrowableBuffer<T> _h = new();
    private readonly GrowableBuffer<T> _normed = new();
    private readonly GrowableBuffer<T> _branch = new();
    private readonly GrowableBuffer<T> _grad = new();
    private readonly GrowableBuffer<T> _grad2 = new();
    private readonly Dropout<T> _attnDropout;
    private readonly Dropout<T> _crossDropout;
    private readonly Dropout<T> _ffnDropout;
    private PhaseTimer? _timer;
    private int _rows;

    /// <summary>Declares the block's parameters; <paramref name="feedForward"/> builds the FFN slot under the prefix it is given.</summary>
    public TransformerBlock(ParameterStore<T> store, string prefix, BlockOptions options, Func<ParameterStore<T>, string, IFeedForward<T>> feedForward)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(feedForward);
        Options = options;
        AttentionNorm = new LayerNormLayer<T>(store, prefix + "attn_norm.", options.Dim);
        Attention = new MultiHeadAttention<T>(store, prefix + "attn.", options.Dim, options.Heads, options.Causal);
        if (options.CrossAttention)
        {
            CrossNorm = new LayerNormLayer<T>(store, prefix + "cross_attn_norm.", options.Dim);
            CrossAttention = new MultiHeadAttention<T>(store, prefix + "cross_attn.", options.Dim, options.Heads, causal: false);
        }

        FeedForwardNorm = new LayerNormLayer<T>(store, prefix + "ffn_norm.", options.Dim);
        FeedForward = feedForward(store, prefix + "ffn.");
        _attnDropout = new Dropout<T>(options.Dropout);
        _crossDropout = new Dropout<T>(options.Dropout);
        _ffnDropout = new Dropout<T>(options.Dropout);
    }

    /// <summary>The block's shape.</summary>
    public BlockOptions Options { get; }

    /// <summary>Norm before self-attention.</summary>
    public LayerNormLayer<T> AttentionNorm { get; }

    /// <summary>Self-attention.</summary>
    public MultiHeadAttention<T> Attention { get; }

    /// <summary>Norm before cross-attention (decoder blocks).</summary>
    public LayerNormLayer<T>? CrossNorm { get; }

    /// <summary>Cross-attention over the encoder output (decoder blocks).</summary>
    public MultiHeadAttention<T>? CrossAttention { get; }

    /// <summary>Norm before the FFN.</summary>
    public LayerNormLayer<T> FeedForwardNorm { get; }

    /// <summary>The FFN slot.</summary>
    public IFeedForward<T> FeedForward { get; }

    /// <summary>
    /// When set, forward and backward add their time per part (<see cref="ModelPhases"/>) to it, and an MoE layer in the
    /// FFN slot gets it too (for its own phases). The time since the timer's previous lap goes to the block's first part:
    /// lap or start it before calling. Laps only read the clock: results are the same bits with or without.
    /// </summary>
    public PhaseTimer? Timer
    {
        get => _timer;
        set
        {
            _timer = value;
            if (FeedForward is MoeLayer<T> moe)
            {
                moe.Timer = value;
            }
        }
    }

    /// <summary>Whether the FFN slot reports its own phases (an MoE layer), so that the block does not lap it as <see cref="ModelPhases.Ffn"/>.</summary>
    private bool FeedForwardTimesItself => FeedForward is MoeLayer<T>;

    /// <summary>y [B·T, d] from x [B·T, d]; sequence b has lengths[b] real tokens. Returns the FFN's MoE report, if any.</summary>
    public MoeForwardReport? Forward(ReadOnlySpan<T> x, Span<T> y, int batch, int length, ReadOnlySpan<int> lengths, ForwardContext context, EncoderMemory<T>? encoder = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        int d = Options.Dim, rows = batch * length;
        _rows = rows;
        var normed = _normed.Ensure(rows * d);
        var branch = _branch.Ensure(rows * d);
        var h = _h.Ensure(rows * d);

        AttentionNorm.Forward(x, normed, rows);
        _timer?.Lap(ModelPhases.LayerNorm);
        Attention.Forward(normed, normed, batch, length, length, lengths, branch);
        _timer?.Lap(ModelPhases.Attention);
        _attnDropout.Forward(branch, context);
        System.Numerics.Tensors.TensorPrimitives.Add<T>(x[..(rows * d)], branch, h);
        _timer?.Lap(ModelPhases.ResidualDropout);

        if (CrossAttention is not null)
        {
            var memory = encoder ?? throw new ArgumentNullException(nameof(encoder), "A decoder block needs the encoder output.");
            CrossNorm!.Forward(h, normed, rows);
            _timer?.Lap(ModelPhases.LayerNorm);
            CrossAttention.Forward(normed, memory.States, batch, length, memory.Length, memory.Lengths, branch);
            _timer?.Lap(ModelPhases.Attention);
            _crossDropout.Forward(branch, context);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(h, branch, h);
            _timer?.Lap(ModelPhases.ResidualDropout);
        }

        FeedForwardNorm.Forward(h, normed, rows);
        var ffnIn = _normed.EnsureTensor(rows, d);
        var ffnOut = _branch.EnsureTensor(rows, d);
        _timer?.Lap(ModelPhases.LayerNorm); // before the FFN: an MoE layer restarts the timer when it begins
        var report = FeedForward.Forward(ffnIn, ffnOut, context) as MoeForwardReport;
        LapFeedForward();
        branch = _branch.Span;
        _ffnDropout.Forward(branch, context);
        System.Numerics.Tensors.TensorPrimitives.Add<T>(h, branch, y[..(rows * d)]);
        _timer?.Lap(ModelPhases.ResidualDropout);
        return report;
    }

    /// <summary>
    /// Incremental forward (inference only): y [B·n, d] from x [B·n, d], sequence b's n new rows at positions
    /// start[b] .. start[b] + n - 1, attending through the caches. Equals <see cref="Forward"/> of the whole sequences,
    /// row for row, when the FFN routes each row on its own.
    /// </summary>
    public void ForwardCached(ReadOnlySpan<T> x, Span<T> y, int batch, int n, ReadOnlySpan<int> start, KeyValueCache<T> self, KeyValueCache<T>? cross, ReadOnlySpan<int> sourceLengths)
    {
        int d = Options.Dim, rows = batch * n;
        var normed = _normed.Ensure(rows * d);
        var branch = _branch.Ensure(rows * d);
        var h = _h.Ensure(rows * d);
        AttentionNorm.Forward(x, normed, rows);
        Attention.ForwardCached(normed, batch, n, start, self, append: true, default, branch);
        System.Numerics.Tensors.TensorPrimitives.Add<T>(x[..(rows * d)], branch, h);
        if (CrossAttention is not null)
        {
            var memory = cross ?? throw new ArgumentNullException(nameof(cross), "A decoder block needs the encoder's cached keys and values.");
            CrossNorm!.Forward(h, normed, rows);
            CrossAttention.ForwardCached(normed, batch, n, start, memory, append: false, sourceLengths, branch);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(h, branch, h);
        }

        FeedForwardNorm.Forward(h, normed, rows);
        FeedForward.Forward(_normed.EnsureTensor(rows, d), _branch.EnsureTensor(rows, d), ForwardContext.NoGrad);
        System.Numerics.Tensors.TensorPrimitives.Add<T>(h, _branch.Span, y[..(rows * d)]);
    }

    /// <summary>dx = ∂L/∂x from dy; parameter gradients are added; the encoder output's gradient is added to <paramref name="encoderGrad"/>.</summary>
    public void Backward(ReadOnlySpan<T> dy, Span<T> dx, Span<T> encoderGrad = default)
    {
        int d = Options.Dim, rows = _rows;

        // FFN branch: dh = dy + LN'(FFN'(dropout'(dy))).
        var dh = _grad.Ensure(rows * d);
        dy[..(rows * d)].CopyTo(dh);
        var dBranch = _branch.Ensure(rows * d);
        dy[..(rows * d)].CopyTo(dBranch);
        _ffnDropout.Backward(dBranch);
        var dFfnOut = _branch.EnsureTensor(rows, d);
        var dFfnIn = _normed.EnsureTensor(rows, d);
        _timer?.Lap(ModelPhases.ResidualDropout);
        FeedForward.Backward(dFfnOut, dFfnIn, accumulate: false);
        LapFeedForward();
        FeedForwardNorm.Backward(_normed.Span, dh, accumulate: true);
        _timer?.Lap(ModelPhases.LayerNorm);

        if (CrossAttention is not null)
        {
            var dc = _branch.Ensure(rows * d);
            dh.CopyTo(dc);
            _crossDropout.Backward(dc);
            var dn = _grad2.Ensure(rows * d);
            _timer?.Lap(ModelPhases.ResidualDropout);
            CrossAttention.Backward(dc, dn, encoderGrad, accumulateQuery: false, accumulateKeys: true);
            _timer?.Lap(ModelPhases.Attention);
            CrossNorm!.Backward(dn, dh, accumulate: true);
            _timer?.Lap(ModelPhases.LayerNorm);
        }

        // Attention branch: dx = dh + LN'(Attn'(dropout'(dh))).
        var da = _branch.Ensure(rows * d);
        dh.CopyTo(da);
        _attnDropout.Backward(da);
        var dn1 = _normed.Ensure(rows * d);
        _timer?.Lap(ModelPhases.ResidualDropout);
        Attention.Backward(da, dn1, dn1, accumulateQuery: false, accumulateKeys: false);
        _timer?.Lap(ModelPhases.Attention);
        dh.CopyTo(dx);
        _timer?.Lap(ModelPhases.ResidualDropout);
        AttentionNorm.Backward(dn1, dx, accumulate: true);
        _timer?.Lap(ModelPhases.LayerNorm);
    }

    /// <summary>After the FFN slot ran: a dense FFN's time is the block's to lap; an MoE layer lapped its own phases.</summary>
    private void LapFeedForward()
    {
        if (!FeedForwardTimesItself)
        {
            _timer?.Lap(ModelPhases.Ffn);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new[] { _h, _normed, _branch, _grad, _grad2 })
        {
            b.Dispose();
        }

        AttentionNorm.Dispose();
        Attention.Dispose();
        CrossNorm?.Dispose();
        CrossAttention?.Dispose();
        FeedForwardNorm.Dispose();
        (FeedForward as IDisposable)?.Dispose();
    }
}

/// <summary>Shape of a transformer block.</summary>
/// <param name="Dim">d.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="Causal">Queries ignore later keys (decoders).</param>
/// <param name="CrossAttention">Add cross-attention over an encoder's output (encoder-decoder decoders).</param>
/// <param name="Dropout">Dropout on each residual branch while training.</param>
public sealed record BlockOptions(int Dim, int Heads, bool Causal, bool CrossAttention = false, double Dropout = 0.1);

/// <summary>An encoder's output for cross-attention: states [B·Tk, d], Tk, and each sequence's real length.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <param name="States">[B·Tk, d].</param>
/// <param name="Length">Tk.</param>
/// <param name="Lengths">Real source lengths.</param>
public sealed record EncoderMemory<T>(T[] States, int Length, int[] Lengths) where T : unmanaged, IFloatingPointIeee754<T>;
