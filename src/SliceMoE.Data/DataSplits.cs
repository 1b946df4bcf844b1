using SliceMoE.Numerics;

namespace SliceMoE.Data;

/// <summary>
/// Deterministic splits and shuffles for sources without an official split. The same items, fractions and seed
/// always give the same splits, on any machine, because they use <see cref="Rng"/> rather than <see cref="Random"/>.
/// </summary>
public static class DataSplits
{
    /// <summary>
    /// Splits <paramref name="items"/> at random into train, validation and test with the given fractions
    /// (rounded to whole items; the rest is train). Each part comes back in a random order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When a fraction is negative or the two add up to more than 1.</exception>
    public static SplitResult<T> Split<T>(IReadOnlyList<T> items, double validationFraction, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        CheckFractions(validationFraction, testFraction);
        var order = Shuffled(items.Count, new Rng(seed));
        int nTest = (int)Math.Round(items.Count * testFraction);
        int nValid = Math.Min(items.Count - nTest, (int)Math.Round(items.Count * validationFraction));
        return new SplitResult<T>(
            Pick(items, order.AsSpan(nTest + nValid)),
            Pick(items, order.AsSpan(nTest, nValid)),
            Pick(items, order.AsSpan(0, nTest)));
    }

    /// <summary>
    /// Splits <paramref name="items"/> so that every class keeps its share in each part: within each class, a random
    /// <paramref name="testFraction"/> goes to test and <paramref name="validationFraction"/> to validation (rounded
    /// per class). Each part is then shuffled so that classes are interleaved.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When a fraction is negative or the two add up to more than 1.</exception>
    public static SplitResult<T> StratifiedSplit<T>(IReadOnlyList<T> items, Func<T, int> label, double validationFraction, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(label);
        CheckFractions(validationFraction, testFraction);
        var rng = new Rng(seed);
        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < items.Count; i++)
        {
            int y = label(items[i]);
            if (!byClass.TryGetValue(y, out var members))
            {
                byClass[y] = members = [];
            }

            members.Add(i);
        }

        List<int> train = [], valid = [], test = [];
        foreach (var members in byClass.Values)
        {
            var idx = members.ToArray();
            rng.Shuffle(idx.AsSpan());
            int nTest = (int)Math.Round(idx.Length * testFraction);
            int nValid = Math.Min(idx.Length - nTest, (int)Math.Round(idx.Length * validationFraction));
            test.AddRange(idx.AsSpan(0, nTest));
            valid.AddRange(idx.AsSpan(nTest, nValid));
            train.AddRange(idx.AsSpan(nTest + nValid));
        }

        return new SplitResult<T>(PickShuffled(items, train, rng), PickShuffled(items, valid, rng), PickShuffled(items, test, rng));
    }

    /// <summary>A copy of <paramref name="items"/> in a random order that depends only on <paramref name="seed"/>.</summary>
    public static T[] Shuffle<T>(IReadOnlyList<T> items, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Pick(items, Shuffled(items.Count, new Rng(seed)));
    }

    /// <summary>The first <paramref name="max"/> items, or all when <paramref name="max"/> is null or not smaller than the count.</summary>
    public static IReadOnlyList<T> Cap<T>(IReadOnlyList<T> items, int? max)
    {
        ArgumentNullException.ThrowIfNull(items);
        return max is { } m && m < items.Count ? items.Take(Math.Max(0, m)).ToArray() : items;
    }

    private static void CheckFractions(double validationFraction, double testFraction)
    {
        if (!(validationFraction >= 0) || !(testFraction >= 0) || validationFraction + testFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), $"Split fractions must be non-negative and add up to at most 1 (validation {validationFraction}, test {testFraction}).");
        }
    }

    private static int[] Shuffled(int n, Rng rng)
    {
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        rng.Shuffle(order.AsSpan());
        return order;
    }

    private static T[] Pick<T>(IReadOnlyList<T> items, ReadOnlySpan<int> indices)
    {
        var result = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            result[i] = items[indices[i]];
        }

        return result;
    }

    private static T[] PickShuffled<T>(IReadOnlyList<T> items, List<int> indices, Rng rng)
    {
        var idx = indices.ToArray();
        rng.Shuffle(idx.AsSpan());
        return Pick(items, idx);
    }
}
