using SliceMoE.Tests.Text;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Tests.Text.Embeddings;

public sealed class GloveEmbeddingsTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(1 << 20)]
    public void Streams_the_wink_json_across_any_buffer_boundary(int bufferSize)
    {
        using var dir = new ScratchFolder();
        string path = dir.Write("e.json", WinkFixture.Json(WinkFixture.Words));
        GloveEmbeddings g = GloveEmbeddings.LoadJson(path, bufferSize);
        Assert.Equal(3, g.Dimension);
        Assert.Equal(4, g.Count);
        Assert.Equal(["Zürich", "cat", "kitten", "the"], g.Words);
        foreach ((string word, float[] vector) in WinkFixture.Words)
        {
            Assert.Equal(vector, g.Vector(g.IndexOf(word)).ToArray());
        }

        Assert.Equal(new FileInfo(path).Length, g.SourceLength);
    }

    [Fact]
    public void A_word_longer_than_the_buffer_grows_it()
    {
        using var dir = new ScratchFolder();
        string longWord = new('x', 500);
        string path = dir.Write("e.json", WinkFixture.Json([.. WinkFixture.Words, (longWord, [1f, 1f, 1f])]));
        GloveEmbeddings g = GloveEmbeddings.LoadJson(path, 16);
        Assert.True(g.Contains(longWord));
    }

    [Fact]
    public void Reads_plain_dimension_and_vector_objects_too()
    {
        using var dir = new ScratchFolder();
        string path = dir.Write("p.json", "{\"dimensions\": 2, \"vectors\": {\"b\": [1, 2], \"a\": [3.5, -4e-1]}, \"extra\": {\"x\": [1, {\"y\": null}]}}");
        GloveEmbeddings g = GloveEmbeddings.LoadJson(path);
        Assert.Equal(["a", "b"], g.Words);
        Assert.Equal([3.5f, -0.4f], g.Vector(0).ToArray());
    }

    [Fact]
    public void Lookups_copy_vectors_and_measure_similarity()
    {
        using var dir = new ScratchFolder();
        GloveEmbeddings g = GloveEmbeddings.LoadJson(dir.Write("e.json", WinkFixture.Json(WinkFixture.Words)));
        var vector = new float[3];
        Assert.True(g.TryGetVector("cat", vector));
        Assert.Equal([1f, 2f, 0f], vector);
        Assert.False(g.TryGetVector("dog", vector));
        Assert.False(g.TryGetVector("Cat", vector));
        Assert.Throws<ArgumentException>(() => g.TryGetVector("cat", new float[2]));
        Assert.Equal(-1, g.IndexOf("dog"));
        Assert.InRange(g.Similarity("cat", "kitten")!.Value, 0.9999f, 1f);
        Assert.Null(g.Similarity("cat", "dog"));
        IReadOnlyList<WordSimilarity> nearest = g.Nearest("cat", 2);
        Assert.Equal("kitten", nearest[0].Word);
        Assert.Equal(2, nearest.Count);
        Assert.True(nearest[0].Similarity >= nearest[1].Similarity);
        Assert.Empty(g.Nearest("dog", 3));
        Assert.Equal(["cat", "kitten"], g.Nearest([1f, 2f, 0f], 2).Select(n => n.Word).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Builds_an_embedding_table_for_a_vocabulary()
    {
        using var dir = new ScratchFolder();
        GloveEmbeddings g = GloveEmbeddings.LoadJson(dir.Write("e.json", WinkFixture.Json(WinkFixture.Words)));
        using EmbeddingMatrix m = g.BuildMatrix(["<pad>", "CAT", null, "dog", "the"], new EmbeddingMatrixOptions { MissingInit = MissingVectorInit.Zeros });
        Assert.Equal("[5, 3]", m.Weights.ShapeText);
        Assert.Equal([false, true, false, false, true], m.Found);
        Assert.Equal(["<pad>", "dog"], m.Missing);
        Assert.Equal(4, m.LookedUp);
        Assert.Equal(0.5, m.Coverage);
        Assert.Equal([0f, 0f, 0f, 1f, 2f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 0.5f, -0.25f, 1f], m.Weights.Span.ToArray());
    }

    [Fact]
    public void Missing_rows_get_deterministic_random_vectors()
    {
        using var dir = new ScratchFolder();
        GloveEmbeddings g = GloveEmbeddings.LoadJson(dir.Write("e.json", WinkFixture.Json(WinkFixture.Words)));
        var options = new EmbeddingMatrixOptions { Seed = 3, RandomStdDev = 0.5f };
        using EmbeddingMatrix a = g.BuildMatrix(["dog", "cat", "emu"], options);
        using EmbeddingMatrix b = g.BuildMatrix(["dog", "cat", "emu"], options);
        using EmbeddingMatrix c = g.BuildMatrix(["dog", "cat", "emu"], options with { Seed = 4 });
        Assert.Equal(a.Weights.Span.ToArray(), b.Weights.Span.ToArray());
        Assert.NotEqual(a.Weights.Span.ToArray(), c.Weights.Span.ToArray());
        Assert.Equal([1f, 2f, 0f], a.Weights.Span.Slice(3, 3).ToArray());
        Assert.Contains(a.Weights.Span[..3].ToArray(), x => x != 0);
        Assert.NotEqual(a.Weights.Span[..3].ToArray(), a.Weights.Span.Slice(6, 3).ToArray());
        Assert.True(g.CoordinateStdDev > 0);
    }

    [Fact]
    public void Builds_a_table_for_a_tokenizer_with_a_zero_padding_row()
    {
        using var dir = new ScratchFolder();
        GloveEmbeddings g = GloveEmbeddings.LoadJson(dir.Write("e.json", WinkFixture.Json(WinkFixture.Words)));
        var tokenizer = WordLevelTokenizer.Build(["the cat the kitten zürich"], 100);
        using EmbeddingMatrix m = g.BuildMatrix(tokenizer);
        Assert.Equal(tokenizer.VocabularySize, m.Weights.Dim(0));
        Assert.All(m.Weights.Span[..3].ToArray(), x => Assert.Equal(0f, x));
        Assert.False(m.Found[WordLevelTokenizer.PadId]);
        Assert.True(m.Found[tokenizer.IdOf("the")!.Value]);
        Assert.False(m.Found[tokenizer.IdOf("zürich")!.Value]);
        Assert.Equal(tokenizer.VocabularySize - 1, m.LookedUp);
    }

    [Theory]
    [InlineData("##ing", "ing")]
    [InlineData("\u0120world", "world")]
    [InlineData("plain", "plain")]
    public void Subword_marks_can_be_stripped_for_lookup(string token, string word) =>
        Assert.Equal(word, EmbeddingMatrixOptions.StripSubwordMarks(token));

    [Fact]
    public void Known_files_resolve_inside_an_extracted_package()
    {
        using var dir = new ScratchFolder();
        Directory.CreateDirectory(dir.PathOf("package"));
        string json = dir.Write("package/" + KnownFiles.Glove.EmbeddingsJson, "{}");
        Assert.Equal(json, KnownFiles.Resolve(dir.Path, KnownFiles.Glove.EmbeddingsJson));
        Assert.Throws<FileNotFoundException>(() => KnownFiles.Resolve(dir.Path, "missing.json"));
    }
}
