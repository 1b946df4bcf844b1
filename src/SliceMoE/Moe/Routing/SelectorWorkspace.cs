using System.Numerics;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// The scratch arrays of the sequence-level selectors, kept by the layer so that a step allocates nothing once the
/// arrays have grown to the batch. Every accessor returns a span of the asked length, cleared where the selectors
/// read before writing.
/// </summary>
/// <typeparam name="T">Score type.</typeparam>
internal sealed class SelectorWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private bool[] _selected = [];
    private int[] _perRow = [];
    private int[] _indices = [];
    private T[] _values = [];
    private int[] _order = [];
    private T[] _scores = [];
    private T[] _column = [];

    /// <summary>Whether each (row, expert) is selected [R·E], all false.</summary>
    public Span<bool> Selected(int length) => Cleared(ref _selected, length);

    /// <summary>Selected experts per row [R], all 0.</summary>
    public Span<int> PerRow(int length) => Cleared(ref _perRow, length);

    /// <summary>Top-k indices of one row or column.</summary>
    public Span<int> Indices(int length) => Grown(ref _indices, length);

    /// <summary>Top-k values of one row or column.</summary>
    public Span<T> Values(int length) => Grown(ref _values, length);

    /// <summary>A sequence's flat (row, expert) order.</summary>
    public Span<int> Order(int length) => Grown(ref _order, length);

    /// <summary>One expert's scores over a sequence's rows.</summary>
    public Span<T> Column(int length) => Grown(ref _column, length);

    /// <summary>A copy of <paramref name="scores"/> in an array (comparisons in a sort capture it).</summary>
    public T[] Scores(ReadOnlySpan<T> scores)
    {
        Grown(ref _scores, scores.Length);
        scores.CopyTo(_scores);
        return _scores;
    }

    private static Span<TItem> Cleared<TItem>(ref TItem[] array, int length)
    {
        var span = Grown(ref array, length);
        span.Clear();
        return span;
    }

    private static Span<TItem> Grown<TItem>(ref TItem[] array, int length)
    {
        if (array.Length < length)
        {
            array = new TItem[length];
        }

        return array.AsSpan(0, length);
    }
}
