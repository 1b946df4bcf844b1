namespace SliceMoE.Reproduction.Data;

/// <summary>
/// The paper's own data files, when the user has them: AG NEWS and DBPEDIA-14 CSV (<c>"label","title","text"</c>),
/// EMOTION CSV or JSONL, a WikiText folder (<c>wiki.{train,valid,test}.tokens</c>) and a WMT En-De TSV. Each given file
/// replaces its substitute corpus.
/// </summary>
/// <param name="AgNews">AG NEWS CSV.</param>
/// <param name="Dbpedia">DBPEDIA-14 CSV.</param>
/// <param name="Emotion">EMOTION CSV or JSONL.</param>
/// <param name="WikiText">WikiText-103 folder.</param>
/// <param name="Wmt">WMT En-De TSV (English TAB German).</param>
public sealed record PaperFiles(string? AgNews = null, string? Dbpedia = null, string? Emotion = null, string? WikiText = null, string? Wmt = null)
{
    /// <summary>No paper files: substitutes everywhere.</summary>
    public static PaperFiles None { get; } = new();
}
