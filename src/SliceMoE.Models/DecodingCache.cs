using System.Numerics;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Layers;

namespace SliceMoE.Models;

/// <summary>
/// A decoder's state between incremental steps: each block's self-attention keys and values (and, in an encoder-decoder,
/// the encoder's projected keys and values for cross-attention), and each sequence's length so far (the position its next
/// token takes). Made by a model's prefill; every step appends one token per sequence.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class DecodingCache<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly KeyValueCache<T>[] _self;
    private readonly KeyValueCache<T>[]? _cross;

    /// <summary>Empty caches for <paramref name="layers"/> blocks, B sequences, <paramref name="capacity"/> positions of width d; with cross-attention caches of <paramref name="sourceLength"/> positions when given.</summary>
    public DecodingCache(int layers, int batch, int capacity, int dim, int? sourceLength = null)
    {
        _self = Enumerable.Range(0, layers).Select(_ => new KeyValueCache<T>(batch, capacity, dim)).ToArray();
        _cross = sourceLength is { } tk ? Enumerable.Range(0, layers).Select(_ => new KeyValueCache<T>(batch, tk, dim)).ToArray() : null;
        Lengths = new int[batch];
        SourceLengths = new int[batch];
    }

    /// <summary>B.</summary>
    public int Batch => Lengths.Length;

    /// <summary>Positions each sequence can hold.</summary>
    public int Capacity => _self[0].Capacity;

    /// <summary>Each sequence's tokens so far: the position of its next token.</summary>
    public int[] Lengths { get; }

    /// <summary>Each source's real length (cross-attention masks keys beyond it).</summary>
    public int[] SourceLengths { get; }

    /// <summary>Block <paramref name="layer"/>'s self-attention cache.</summary>
    public KeyValueCache<T> Self(int layer) => _self[layer];

    /// <summary>Block <paramref name="layer"/>'s cross-attention cache, or null in a decoder-only model.</summary>
    public KeyValueCache<T>? Cross(int layer) => _cross?[layer];

    /// <summary>Beam search's reordering: sequence j continues sequence parents[j] (its keys, values and length), for j &lt; parents.Length.</summary>
    public void Reorder(ReadOnlySpan<int> parents)
    {
        int length = 0;
        var lengths = new int[parents.Length];
        for (int j = 0; j < parents.Length; j++)
        {
            lengths[j] = Lengths[parents[j]];
            length = Math.Max(length, lengths[j]);
        }

        foreach (var c in _self)
        {
            c.Reorder(parents, length);
        }

        lengths.CopyTo(Lengths, 0);
    }

    /// <summary>
    /// Pre-packed weights the decoding steps on this cache read (a snapshot of the model's weights when the cache was made),
    /// or null to pack each weight on every call; the cache disposes them. See <see cref="WeightPacks"/>.
    /// </summary>
    public WeightPacks? Weights { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var c in _self.Concat(_cross ?? []))
        {
            c.Dispose();
        }

        Weights?.Dispose();
    }
}
