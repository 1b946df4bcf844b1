namespace SliceMoE.Reproduction.Data;

/// <summary>One of the paper's data sets and what stands in for it in a reproduction.</summary>
/// <param name="Key">agnews, dbpedia, emotion, lm or mt.</param>
/// <param name="PaperName">The paper's data set (AG NEWS, DBPEDIA-14, EMOTION, WikiText-103, WMT En-De).</param>
/// <param name="Task">The training task: classification, lm or translation.</param>
/// <param name="Spec">The <c>dataset</c> config value that loads it (a catalogue name, "sample", or a paper-format path).</param>
/// <param name="StandIn">What is used, in words (e.g. "Debian package descriptions by section").</param>
/// <param name="Kind">Whether it is the paper's own file, a fetched substitute, or the shipped sample.</param>
/// <param name="Note">Why a fallback was taken and how to avoid it; null when none was needed.</param>
public sealed record DataRole(string Key, string PaperName, string Task, string Spec, string StandIn, DataSourceKind Kind, string? Note = null)
{
    /// <summary>Whether the paper's own data is used (so the paper's absolute numbers are comparable).</summary>
    public bool IsPaperData => Kind == DataSourceKind.PaperFile;
}

/// <summary>Where a reproduction's data comes from.</summary>
public enum DataSourceKind
{
    /// <summary>The paper's own file, given by the user.</summary>
    PaperFile,

    /// <summary>A real substitute corpus from the data cache (see DATA.md).</summary>
    Substitute,

    /// <summary>The small sample shipped in data/sample (used when a substitute is not fetched).</summary>
    Sample,
}
