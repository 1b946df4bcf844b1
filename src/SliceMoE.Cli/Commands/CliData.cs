using SliceMoE.Data.Fetching;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands;

/// <summary>
/// The data the commands train and evaluate on: the shipped sample, files in the paper's formats, and the data sets
/// fetched into the data cache (its folder: <c>$SLICEMOE_DATA</c>, else <c>~/.cache/slicemoe/data</c>).
/// </summary>
internal static class CliData
{
    /// <summary>The data cache the commands read.</summary>
    public static DataCache Cache() => new();

    /// <summary>The data source over <paramref name="cache"/> (default: <see cref="Cache"/>).</summary>
    public static TaskDatasets Source(DataCache? cache = null) => new(cache ?? Cache());
}
