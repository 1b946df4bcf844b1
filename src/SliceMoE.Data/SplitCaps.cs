namespace SliceMoE.Data;

/// <summary>Caps a split to its first items (what the <c>max_*_examples</c> config keys do).</summary>
internal static class SplitCaps
{
    /// <summary>The first <paramref name="max"/> items, or <paramref name="items"/> itself when null or not smaller.</summary>
    public static IReadOnlyList<T> Take<T>(IReadOnlyList<T> items, int? max) =>
        max is { } m && m < items.Count ? items.Take(Math.Max(0, m)).ToArray() : items;
}
