using System.Numerics.Tensors;

namespace SliceMoE.Text.Embeddings;

/// <summary>Similarity measures on embedding vectors (used by the Expert Specialisation Score).</summary>
public static class VectorSimilarity
{
    /// <summary>
    /// Cosine similarity <c>a·b / (|a| |b|)</c> in [-1, 1], computed in single precision; 0 when either
    /// vector is all zeros (rather than NaN), so that a zero-initialised row counts as unrelated.
    /// </summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors of lengths {a.Length} and {b.Length} have no cosine similarity.", nameof(b));
        }

        float normA = TensorPrimitives.Norm(a);
        float normB = TensorPrimitives.Norm(b);
        return normA == 0 || normB == 0 ? 0 : Math.Clamp(TensorPrimitives.Dot(a, b) / (normA * normB), -1f, 1f);
    }

    /// <summary>Writes the mean of the rows of <paramref name="rows"/> (row-major, <c>[n, destination.Length]</c>) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">When <paramref name="rows"/> is not a whole number of rows, or has none.</exception>
    public static void Centroid(ReadOnlySpan<float> rows, Span<float> destination)
    {
        int dimension = destination.Length;
        if (dimension == 0 || rows.Length == 0 || rows.Length % dimension != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not a positive whole number of rows of {dimension}.", nameof(rows));
        }

        destination.Clear();
        for (int at = 0; at < rows.Length; at += dimension)
        {
            TensorPrimitives.Add(destination, rows.Slice(at, dimension), destination);
        }

        TensorPrimitives.Multiply(destination, 1f / (rows.Length / dimension), destination);
    }

    /// <summary>The mean cosine similarity of each row of <paramref name="rows"/> (row-major, <c>[n, reference.Length]</c>) to <paramref name="reference"/>, e.g. to a centroid.</summary>
    /// <exception cref="ArgumentException">When <paramref name="rows"/> is not a whole number of rows, or has none.</exception>
    public static double MeanCosine(ReadOnlySpan<float> rows, ReadOnlySpan<float> reference)
    {
        int dimension = reference.Length;
        if (dimension == 0 || rows.Length == 0 || rows.Length % dimension != 0)
        {
            throw new ArgumentException($"{rows.Length} values are not a positive whole number of rows of {dimension}.", nameof(rows));
        }

        double sum = 0;
        for (int at = 0; at < rows.Length; at += dimension)
        {
            sum += Cosine(rows.Slice(at, dimension), reference);
        }

        return sum / (rows.Length / dimension);
    }
}
