using System.CommandLine;
using System.Globalization;
using SliceMoE.Data;
using SliceMoE.Data.Fetching;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Data;

/// <summary><c>slicemoe data list</c>: what can be fetched, what has been, sizes, counts and licences.</summary>
internal static class DataListCommand
{
    public static Command Create()
    {
        var cache = DataCommand.CacheOption();
        var plain = new Option<bool>("--plain") { Description = "Print tab-separated lines instead of a table." };
        var command = new Command("list", "Show the catalogue: what each data set stands in for, whether it is fetched, its size on disk, counts (from its manifest) and licence.") { cache, plain };
        command.SetAction(parse =>
        {
            var dataCache = new DataCache(parse.GetValue(cache));
            var output = parse.InvocationConfiguration.Output;
            var rows = DataCatalog.All.Select(d => Row(d, dataCache)).ToList();
            string sample = SampleData.TryFindDirectory() ?? "not found";
            if (parse.GetValue(plain))
            {
                output.WriteLine("name\tstands in for\tfetched\tsize\tcounts\tlicence");
                foreach (var r in rows)
                {
                    output.WriteLine(string.Join('\t', r));
                }
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple);
                foreach (var h in new[] { "name", "stands in for", "fetched", "size", "counts", "licence" })
                {
                    table.AddColumn(h);
                }

                foreach (var r in rows)
                {
                    table.AddRow(r.Select(Markup.Escape).ToArray());
                }

                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                if (Console.IsOutputRedirected)
                {
                    console.Profile.Width = 220; // a file or pipe: no terminal width to fit, keep rows on one line
                }

                console.Write(table);
            }

            output.WriteLine($"Cache: {dataCache.Root}. Shipped sample (no fetch needed): {sample}.");
            return 0;
        });
        return command;
    }

    private static string[] Row(DataSetInfo d, DataCache cache)
    {
        var manifest = cache.ReadManifest(d.Name);
        return
        [
            d.Name,
            d.StandsInFor,
            manifest is null ? "no" : manifest.FetchedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            manifest is null ? $"~{d.DownloadBytes / 1e6:F1} MB download" : $"{cache.SizeOnDisk(d.Name) / 1e6:F1} MB",
            manifest is null ? "-" : DataSetStatistics.Headline(d, manifest.Statistics),
            d.Licence,
        ];
    }
}
