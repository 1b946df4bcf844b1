using System.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Layers;

/// <summary>
/// One attention layer's projected keys and values for incremental decoding: K and V [B, Capacity, d], sequence b's
/// position t at row b·Capacity + t. Self-attention appends a step's keys at each sequence's next positions; a
/// cross-attention cache holds the encoder's keys once. Positions at or beyond a sequence's length are never read.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class KeyValueCache<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly AlignedBuffer<T> _keys;
    private readonly AlignedBuffer<T> _values;

    /// <summary>An empty cache for <paramref name="batch"/> sequences of at most <paramref name="capacity"/> positions of width <paramref name="dim"/>.</summary>
    public KeyValueCache(int batch, int capacity, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        (Batch, Capacity, Dim) = (batch, capacity, dim);
        _keys = new AlignedBuffer<T>(checked(batch * capacity * dim));
        _values = new AlignedBuffer<T>(checked(batch * capacity * dim));
    }

    /// <summary>B.</summary>
    public int Batch { get; }

    /// <summary>Positions per sequence.</summary>
    public int Capacity { get; }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>Keys [B, Capacity, d].</summary>
    public Span<T> Keys => _keys.AsSpan(0, (int)_keys.Length);

    /// <summary>Values [B, Capacity, d].</summary>
    public Span<T> Values => _values.AsSpan(0, (int)_values.Length);

    /// <summary>Row offset of sequence <paramref name="b"/>'s position <paramref name="t"/>.</summary>
    public int Row(int b, int t) => ((b * Capacity) + t) * Dim;

    /// <summary>Writes keys and values [batch·n, d] (sequence b's n rows) at positions start[b] .. start[b] + n - 1 of the first <paramref name="batch"/> sequences.</summary>
    /// <exception cref="ArgumentException">When a sequence would run past <see cref="Capacity"/>.</exception>
    public void Write(ReadOnlySpan<T> keys, ReadOnlySpan<T> values, int batch, int n, ReadOnlySpan<int> start)
    {
        int d = Dim;
        if (batch > Batch)
        {
            throw new ArgumentException($"{batch} sequences for a cache of {Batch}.", nameof(batch));
        }

        for (int b = 0; b < batch; b++)
        {
            if (start[b] < 0 || start[b] + n > Capacity)
            {
                throw new ArgumentException($"Sequence {b}: positions {start[b]}..{start[b] + n - 1} do not fit the cache's {Capacity} positions.", nameof(start));
            }

            keys.Slice(b * n * d, n * d).CopyTo(Keys.Slice(Row(b, start[b]), n * d));
            values.Slice(b * n * d, n * d).CopyTo(Values.Slice(Row(b, start[b]), n * d));
        }
    }

    /// <summary>
    /// Beam search's reordering: sequence j takes what sequence parents[j] held at positions 0 .. length - 1, for
    /// j &lt; parents.Length.
    /// </summary>
    public void Reorder(ReadOnlySpan<int> parents, int length)
    {
        int span = length * Dim;
        foreach (var buffer in new[] { _keys, _values })
        {
            var all = buffer.AsSpan(0, (int)buffer.Length);
            var gathered = new T[parents.Length * span];
            for (int j = 0; j < parents.Length; j++)
            {
                all.Slice(Row(parents[j], 0), span).CopyTo(gathered.AsSpan(j * span, span));
            }

            for (int j = 0; j < parents.Length; j++)
            {
                gathered.AsSpan(j * span, span).CopyTo(all.Slice(Row(j, 0), span));
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _keys.Dispose();
        _values.Dispose();
    }
}
