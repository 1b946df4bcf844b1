using System.Globalization;

namespace SliceMoE.Evaluation;

/// <summary>
/// Counts of (actual class, predicted class) pairs, with the metrics derived from them. Zero divisions follow
/// scikit-learn's <c>zero_division=0</c>: a class never predicted has precision 0, a class that never occurs has
/// recall 0, and F1 is 0 when precision and recall are both 0. Macro averages run over the classes that occur
/// as actual or predicted at least once (scikit-learn's default label set), so that unused class ids do not
/// drag the average down.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[,] _counts;

    /// <summary>Creates an empty matrix for classes 0 .. <paramref name="classCount"/> - 1, labelled by number.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="classCount"/> is not positive.</exception>
    public ConfusionMatrix(int classCount)
        : this(Enumerable.Range(0, classCount > 0 ? classCount : throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "At least one class is needed."))
            .Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray())
    {
    }

    /// <summary>Creates an empty matrix with one class per label.</summary>
    /// <exception cref="ArgumentException">When there are no labels.</exception>
    public ConfusionMatrix(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0)
        {
            throw new ArgumentException("At least one class is needed.", nameof(labels));
        }

        Labels = [.. labels];
        _counts = new long[labels.Count, labels.Count];
    }

    /// <summary>The class names, index = class id.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The number of classes.</summary>
    public int ClassCount => Labels.Count;

    /// <summary>The number of (actual, predicted) pairs counted.</summary>
    public long Total { get; private set; }

    /// <summary>The number of pairs with actual = predicted.</summary>
    public long Correct { get; private set; }

    /// <summary>Correct / Total (NaN when empty).</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>The count for (actual, predicted).</summary>
    public long this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>Builds a matrix from parallel arrays of actual and predicted class ids.</summary>
    /// <exception cref="ArgumentException">When the lengths differ or an id is out of range.</exception>
    public static ConfusionMatrix FromPredictions(ReadOnlySpan<int> actual, ReadOnlySpan<int> predicted, int classCount)
    {
        if (actual.Length != predicted.Length)
        {
            throw new ArgumentException($"{actual.Length} actual labels but {predicted.Length} predictions.", nameof(predicted));
        }

        var m = new ConfusionMatrix(classCount);
        for (int i = 0; i < actual.Length; i++)
        {
            m.Add(actual[i], predicted[i]);
        }

        return m;
    }

    /// <summary>Counts <paramref name="count"/> occurrences of (actual, predicted).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a class id is out of range or the count is negative.</exception>
    public void Add(int actual, int predicted, long count = 1)
    {
        if ((uint)actual >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(actual), actual, $"Class ids run from 0 to {ClassCount - 1}.");
        }

        if ((uint)predicted >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(predicted), predicted, $"Class ids run from 0 to {ClassCount - 1}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _counts[actual, predicted] += count;
        Total += count;
        if (actual == predicted)
        {
            Correct += count;
        }
    }

    /// <summary>How often class <paramref name="c"/> was the actual class (the row sum).</summary>
    public long Support(int c) => RowSum(c);

    /// <summary>TP / (TP + FP) for class <paramref name="c"/>; 0 when it was never predicted.</summary>
    public double Precision(int c)
    {
        long predicted = ColumnSum(c);
        return predicted == 0 ? 0 : (double)_counts[c, c] / predicted;
    }

    /// <summary>TP / (TP + FN) for class <paramref name="c"/>; 0 when it never occurs.</summary>
    public double Recall(int c)
    {
        long actual = RowSum(c);
        return actual == 0 ? 0 : (double)_counts[c, c] / actual;
    }

    /// <summary>The harmonic mean of precision and recall for class <paramref name="c"/>; 0 when both are 0.</summary>
    public double F1(int c)
    {
        double p = Precision(c), r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>Unweighted mean of per-class precision over the classes that occur (NaN when empty).</summary>
    public double MacroPrecision => MacroAverage(Precision);

    /// <summary>Unweighted mean of per-class recall over the classes that occur (NaN when empty).</summary>
    public double MacroRecall => MacroAverage(Recall);

    /// <summary>Unweighted mean of per-class F1 over the classes that occur (NaN when empty).</summary>
    public double MacroF1 => MacroAverage(F1);

    /// <summary>A copy of the counts, [actual, predicted].</summary>
    public long[,] ToArray() => (long[,])_counts.Clone();

    /// <summary>Each row divided by its sum (row i then holds, per predicted class, the share of class i's examples); an empty row stays 0.</summary>
    public double[,] RowNormalized()
    {
        int n = ClassCount;
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            long sum = RowSum(i);
            for (int j = 0; j < n; j++)
            {
                r[i, j] = sum == 0 ? 0 : (double)_counts[i, j] / sum;
            }
        }

        return r;
    }

    private double MacroAverage(Func<int, double> metric)
    {
        double sum = 0;
        int used = 0;
        for (int c = 0; c < ClassCount; c++)
        {
            if (RowSum(c) > 0 || ColumnSum(c) > 0)
            {
                sum += metric(c);
                used++;
            }
        }

        return used == 0 ? double.NaN : sum / used;
    }

    private long RowSum(int c)
    {
        long s = 0;
        for (int j = 0; j < ClassCount; j++)
        {
            s += _counts[c, j];
        }

        return s;
    }

    private long ColumnSum(int c)
    {
        long s = 0;
        for (int i = 0; i < ClassCount; i++)
        {
            s += _counts[i, c];
        }

        return s;
    }
}
