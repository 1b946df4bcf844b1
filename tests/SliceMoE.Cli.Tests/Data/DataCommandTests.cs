using System.CommandLine;
using SliceMoE.Cli;

namespace SliceMoE.Tests.Data;

public class DataCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        using var output = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }

    [Fact]
    public void List_on_an_empty_cache_shows_every_set_as_not_fetched()
    {
        using var dir = new TempDirectory();
        var (code, text) = Run("data", "list", "--cache", dir.Path, "--plain");
        Assert.Equal(0, code);
        Assert.Contains("glove-100d\tDistilBERT (frozen encoder substitute)\tno\t~118.0 MB download", text, StringComparison.Ordinal);
        Assert.Contains($"Cache: {dir.Path}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fetch_of_an_unknown_name_fails_with_the_known_names()
    {
        using var dir = new TempDirectory();
        var (code, text) = Run("data", "fetch", "imdb", "--cache", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("Unknown data set 'imdb'", text, StringComparison.Ordinal);
        Assert.Contains("sotu", text, StringComparison.Ordinal);
    }
}
