using SliceMoE.Text.Embeddings;

namespace SliceMoE.Tests.Text.Embeddings;

public sealed class VectorSimilarityTests
{
    [Fact]
    public void Cosine_of_parallel_orthogonal_opposite_and_zero_vectors()
    {
        Assert.Equal(1f, VectorSimilarity.Cosine([1f, 2f, 3f], [2f, 4f, 6f]), 6);
        Assert.Equal(0f, VectorSimilarity.Cosine([1f, 0f], [0f, 5f]), 6);
        Assert.Equal(-1f, VectorSimilarity.Cosine([1f, -1f], [-2f, 2f]), 6);
        Assert.Equal(0f, VectorSimilarity.Cosine([0f, 0f], [1f, 1f]));
        Assert.Throws<ArgumentException>(() => VectorSimilarity.Cosine([1f], [1f, 2f]));
    }

    [Fact]
    public void Centroid_and_mean_cosine_of_rows()
    {
        float[] rows = [1f, 0f, 0f, 1f, 1f, 1f];
        var centroid = new float[2];
        VectorSimilarity.Centroid(rows, centroid);
        Assert.Equal([2f / 3, 2f / 3], centroid);
        double expected = (Math.Sqrt(0.5) + Math.Sqrt(0.5) + 1) / 3;
        Assert.Equal(expected, VectorSimilarity.MeanCosine(rows, centroid), 5);
        Assert.Throws<ArgumentException>(() => VectorSimilarity.Centroid([1f, 2f, 3f], centroid));
        Assert.Throws<ArgumentException>(() => VectorSimilarity.MeanCosine([], centroid));
    }
}
