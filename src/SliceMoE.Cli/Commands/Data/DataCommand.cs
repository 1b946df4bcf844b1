using System.CommandLine;

namespace SliceMoE.Cli.Commands.Data;

/// <summary><c>slicemoe data</c>: the corpora, vocabularies and embeddings the project trains on.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = new Command("data", "Fetch and list the real corpora, vocabularies and embeddings (see DATA.md), and rebuild the shipped sample.");
        data.Subcommands.Add(DataListCommand.Create());
        data.Subcommands.Add(DataFetchCommand.Create());
        data.Subcommands.Add(DataMakeSampleCommand.Create());
        return data;
    }

    /// <summary>The <c>--cache DIR</c> option every data command takes.</summary>
    public static Option<string?> CacheOption() => new("--cache")
    {
        Description = $"Data cache folder (default: ${SliceMoE.Data.Fetching.DataCache.EnvironmentVariable}, else ~/.cache/slicemoe/data).",
    };
}
