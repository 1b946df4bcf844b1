using System.Numerics;
using SliceMoE.Compute;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Layers;

/// <summary>
/// Multi-head scaled dot-product attention with separate q/k/v/out projections ({prefix}q_proj, k_proj, v_proj,
/// out_proj; weights [d, d]). Queries attend to keys of the same sequence: self-attention (queries = keys) or
/// cross-attention (keys from an encoder). Masks: keys at or beyond a sequence's length are ignored (right padding),
/// and a causal layer also ignores keys after the query. Every (sequence, head) is one problem of a batched GEMM
/// over strided views of the projected rows; the attention probabilities [B, heads, Tq, Tk] are saved for the backward.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class MultiHeadAttention<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GrowableBuffer<T> _xq = new();
    private readonly GrowableBuffer<T> _xk = new();
    private readonly GrowableBuffer<T> _q = new();
    private readonly GrowableBuffer<T> _k = new();
    private readonly GrowableBuffer<T> _v = new();
    private readonly GrowableBuffer<T> _p = new();
    private readonly GrowableBuffer<T> _o = new();
    private readonly GrowableBuffer<T> _g1 = new();
    private readonly GrowableBuffer<T> _g2 = new();
    private readonly GrowableBuffer<T> _g3 = new();
    private readonly GrowableBuffer<T> _g4 = new();
    private int _batch;
    private int _tq;
    private int _tk;
    private int[] _lengths = [];

    /// <summary>Declares the four projections.</summary>
    public MultiHeadAttention(ParameterStore<T> store, string prefix, int dim, int heads, bool causal)
    {
        if (heads <= 0 || dim % heads != 0)
        {
            throw new ArgumentException($"The model width {dim} must be divisible by the number of heads {heads}.", nameof(heads));
        }

        Dim = dim;
        Heads = heads;
        Causal = causal;
        QProj = new Linear<T>(store, prefix + "q_proj.", dim, dim);
        KProj = new Linear<T>(store, prefix + "k_proj.", dim, dim);
        VProj = new Linear<T>(store, prefix + "v_proj.", dim, dim);
        OutProj = new Linear<T>(store, prefix + "out_proj.", dim, dim);
    }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>Heads.</summary>
    public int Heads { get; }

    /// <summary>Whether a query ignores later keys.</summary>
    public bool Causal { get; }

    /// <summary>Query projection.</summary>
    public Linear<T> QProj { get; }

    /// <summary>Key projection.</summary>
    public Linear<T> KProj { get; }

    /// <summary>Value projection.</summary>
    public Linear<T> VProj { get; }

    /// <summary>Output projection.</summary>
    public Linear<T> OutProj { get; }

    /// <summary>
    /// y [B·Tq, d] = attention of queries xq [B·Tq, d] over keys/values xkv [B·Tk, d]; sequence b's keys at positions
    /// ≥ keyLengths[b] are masked.
    /// </summary>
    public void Forward(ReadOnlySpan<T> xq, ReadOnlySpan<T> xkv, int batch, int tq, int tk, ReadOnlySpan<int> keyLengths, Span<T> y)
    {
        if (keyLengths.Length != batch)
        {
            throw new ArgumentException($"{keyLengths.Length} key lengths for a batch of {batch}.", nameof(keyLengths));
        }

        (_batch, _tq, _tk, _lengths) = (batch, tq, tk, keyLengths.ToArray());
        int d = Dim, nq = batch * tq, nk = batch * tk;
        xq[..(nq * d)].CopyTo(_xq.Ensure(nq * d));
        xkv[..(nk * d)].CopyTo(_xk.Ensure(nk * d));
        var q = _q.Ensure(nq * d);
        var k = _k.Ensure(nk * d);
        var v = _v.Ensure(nk * d);
        QProj.Forward(_xq.Span, q, nq);
        KProj.Forward(_xk.Span, k, nk);
        VProj.Forward(_xk.Span, v, nk);

        var (qOff, kOff, pOff) = Offsets();
        var p = _p.Ensure(batch * Heads * tq * tk);
        BatchedGemm.Multiply<T>(q, d, false, qOff, k, d, true, kOff, p, tk, pOff, tq, tk, d / Heads);
        MaskedSoftmax(p);
        var o = _o.Ensure(nq * d);
        BatchedGemm.Multiply<T>(p, tk, false, pOff, v, d, false, kOff, o, d, qOff, tq, d / Heads, tk);
        OutProj.Forward(o, y, nq);
    }

    /// <summary>Projects an encoder's states [B·Tk, d] to the keys and values cross-attention reads, once per source.</summary>
    public void StoreMemory(ReadOnlySpan<T> memory, int batch, int tk, KeyValueCache<T> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int nk = batch * tk, d = Dim;
        var k = _k.Ensure(nk * d);
        var v = _v.Ensure(nk * d);
        KProj.Forward(memory, k, nk);
        VProj.Forward(memory, v, nk);
        cache.Write(k, v, batch, tk, new int[batch]);
    }

    /// <summary>
    /// Incremental attention: queries from x [B·n, d], sequence b's n new rows at positions start[b] .. start[b] + n - 1.
    /// Self-attention (<paramref name="append"/>) first writes the rows' keys and values into the cache at those
    /// positions; a causal query at position t then sees cached positions 0..t. Cross-attention reads the encoder's
    /// cached keys below keyLengths[b]. y [B·n, d]. Equals <see cref="Forward"/> over the whole sequence, row for row.
    /// </summary>
    public void ForwardCached(ReadOnlySpan<T> x, int batch, int n, ReadOnlySpan<int> start, KeyValueCache<T> cache, bool append, ReadOnlySpan<int> keyLengths, Span<T> y)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int d = Dim, dh = d / Heads, rows = batch * n;
        var q = _q.Ensure(rows * d);
        QProj.Forward(x, q, rows);
        if (append)
        {
            var k = _k.Ensure(rows * d);
            var v = _v.Ensure(rows * d);
            KProj.Forward(x, k, rows);
            VProj.Forward(x, v, rows);
            cache.Write(k, v, batch, n, start);
        }

        _o.Ensure(rows * d);
        _p.Ensure(batch * Heads * cache.Capacity);
        int[] starts = start[..batch].ToArray();
        int[] sourceLengths = append ? [] : keyLengths[..batch].ToArray();
        double temperature = Math.Sqrt(dh);

        // One task per (sequence, head): they read the shared cache and write disjoint slices of the output, so the result
        // does not depend on the thread count. Decoding has B·H tasks even at one token per sequence.
        ComputeThreads.For(batch * Heads, bh =>
        {
            int b = bh / Heads, h = bh % Heads;
            var q = _q.Span;
            var o = _o.Span;
            var keys = cache.Keys;
            var values = cache.Values;
            var scores = _p.Span.Slice(bh * cache.Capacity, cache.Capacity);
            for (int i = 0; i < n; i++)
            {
                int visible = append ? (Causal ? starts[b] + i + 1 : starts[b] + n) : Math.Clamp(sourceLengths[b], 0, cache.Capacity);
                int row = ((b * n) + i) * d;
                var qh = q.Slice(row + (h * dh), dh);
                var oh = o.Slice(row + (h * dh), dh);
                oh.Clear();
                if (visible == 0)
                {
                    continue;
                }

                var s = scores[..visible];
                for (int t = 0; t < visible; t++)
                {
                    s[t] = System.Numerics.Tensors.TensorPrimitives.Dot<T>(qh, keys.Slice(cache.Row(b, t) + (h * dh), dh));
                }

                Softmax.Forward<T>(s, s, 1, visible, temperature);
                for (int t = 0; t < visible; t++)
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(values.Slice(cache.Row(b, t) + (h * dh), dh), s[t], oh, oh);
                }
            }
        });

        OutProj.Forward(_o.Span, y, rows);
    }

    /// <summary>
    /// dxq (+)= ∂L/∂xq and dxkv (+)= ∂L/∂xkv; parameter gradients are added. For self-attention pass the same span twice
    /// (the key and value gradients then add to the query gradient).
    /// </summary>
    public void Backward(ReadOnlySpan<T> dy, Span<T> dxq, Span<T> dxkv, bool accumulateQuery, bool accumulateKeys)
    {
        int d = Dim, nq = _batch * _tq, nk = _batch * _tk, dh = d / Heads;
        var dO = _g1.Ensure(nq * d);
        OutProj.Backward(_o.Span, dy, dO, nq, accumulateDx: false);

        var (qOff, kOff, pOff) = Offsets();
        var p = _p.Span;
        var dP = _g2.Ensure(p.Length);
        BatchedGemm.Multiply<T>(dO, d, false, qOff, _v.Span, d, true, kOff, dP, _tk, pOff, _tq, _tk, dh);
        var dV = _g3.Ensure(nk * d);
        BatchedGemm.Multiply<T>(p, _tk, true, pOff, dO, d, false, qOff, dV, d, kOff, _tk, dh, _tq);

        // Softmax backward over whole rows: masked entries have p = 0, so their gradient is 0. The 1/√dh scale is the temperature.
        Softmax.Backward<T>(p, dP, dP, _batch * Heads * _tq, _tk, Math.Sqrt(dh));
        var dQ = _g1.Ensure(nq * d);
        BatchedGemm.Multiply<T>(dP, _tk, false, pOff, _k.Span, d, false, kOff, dQ, d, qOff, _tq, dh, _tk);
        var dK = _g4.Ensure(nk * d);
        BatchedGemm.Multiply<T>(dP, _tk, true, pOff, _q.Span, d, false, qOff, dK, d, kOff, _tk, dh, _tq);

        QProj.Backward(_xq.Span, dQ, dxq, nq, accumulateQuery);
        KProj.Backward(_xk.Span, dK, dxkv, nk, accumulateKeys || dxq.Overlaps(dxkv));
        VProj.Backward(_xk.Span, dV, dxkv, nk, accumulateDx: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var b in new[] { _xq, _xk, _q, _k, _v, _p, _o, _g1, _g2, _g3, _g4 })
        {
            b.Dispose();
        }
    }

    /// <summary>Offsets of each (sequence, head) view: queries/outputs, keys/values, probabilities.</summary>
    private (long[] Q, long[] K, long[] P) Offsets()
    {
        int count = _batch * Heads, dh = Dim / Heads;
        var q = new long[count];
        var k = new long[count];
        var p = new long[count];
        for (int b = 0; b < _batch; b++)
        {
            for (int h = 0; h < Heads; h++)
            {
                int i = (b * Heads) + h;
                q[i] = ((long)b * _tq * Dim) + (h * dh);
                k[i] = ((long)b * _tk * Dim) + (h * dh);
                p[i] = (long)i * _tq * _tk;
            }
        }

        return (q, k, p);
    }

    /// <summary>Softmax of each score row over its visible keys (a prefix), scaled by 1/√dh; invisible keys get 0.</summary>
    private void MaskedSoftmax(Span<T> scores)
    {
        double temperature = Math.Sqrt(Dim / Heads);
        for (int b = 0; b < _batch; b++)
        {
            int length = Math.Clamp(_lengths[b], 0, _tk);
            for (int h = 0; h < Heads; h++)
            {
                for (int i = 0; i < _tq; i++)
                {
                    var row = scores.Slice((((b * Heads) + h) * _tq * _tk) + (i * _tk), _tk);
                    int visible = Causal ? Math.Min(length, i + 1) : length;
                    if (visible > 0)
                    {
                        Softmax.Forward<T>(row[..visible], row[..visible], 1, visible, temperature);
                    }

                    row[visible..].Clear();
                }
            }
        }
    }
}
