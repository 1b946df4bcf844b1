using System.Numerics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Modules;

namespace SliceMoE.Layers;

/// <summary>
/// A lookup table [V, d]: y[i, :] = W[ids[i], :]. The backward adds each row's gradient into its token's row,
/// deterministically (destinations are split over threads; each adds its sources in order). Skipped when frozen.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Embedding<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Declares <paramref name="name"/> [<paramref name="count"/>, <paramref name="dim"/>] (N(0, 0.02²) like GPT-2 unless given).</summary>
    public Embedding(ParameterStore<T> store, string name, int count, int dim, ParameterInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        Count = count;
        Dim = dim;
        Weight = store.Declare(name, [count, dim], init ?? ParameterInit.Normal(0.02), weightDecay: false);
    }

    /// <summary>Rows of the table (vocabulary size or maximum positions).</summary>
    public int Count { get; }

    /// <summary>d.</summary>
    public int Dim { get; }

    /// <summary>The table.</summary>
    public Parameter<T> Weight { get; }

    /// <summary>y[i, :] = W[ids[i], :] (or += when <paramref name="accumulate"/>).</summary>
    /// <exception cref="ArgumentException">When an id is outside [0, Count).</exception>
    public void Forward(ReadOnlySpan<int> ids, Span<T> y, bool accumulate = false)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)ids[i] >= (uint)Count)
            {
                throw new ArgumentException($"Id {ids[i]} at position {i} is outside the table's {Count} rows ({Weight.Name}).", nameof(ids));
            }
        }

        if (!accumulate)
        {
            RowGather.Gather<T>(Weight.Value.Span, Dim, ids, y);
            return;
        }

        var table = Weight.Value.Span;
        for (int i = 0; i < ids.Length; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add<T>(y.Slice(i * Dim, Dim), table.Slice(ids[i] * Dim, Dim), y.Slice(i * Dim, Dim));
        }
    }

    /// <summary>dW[ids[i], :] += dy[i, :] (nothing when the table is frozen).</summary>
    public void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<T> dy)
    {
        if (!Weight.Frozen)
        {
            RowGather.ScatterAdd<T>(dy, Dim, ids, Weight.Grad.Span);
        }
    }
}
