namespace SliceMoE.Reporting;

/// <summary>Whether a claim of the paper was reproduced.</summary>
public enum Verdict
{
    /// <summary>The claim holds in our runs.</summary>
    Reproduced,

    /// <summary>Part of the claim holds, or it holds with a smaller effect.</summary>
    Partly,

    /// <summary>The claim does not hold in our runs.</summary>
    NotReproduced,

    /// <summary>The claim could not be tested here (e.g. it needs data or hardware we do not have).</summary>
    NotApplicable,
}

/// <summary>How verdicts read in Markdown and HTML.</summary>
internal static class VerdictText
{
    public static string Label(Verdict v) => v switch
    {
        Verdict.Reproduced => "reproduced",
        Verdict.Partly => "partly reproduced",
        Verdict.NotReproduced => "not reproduced",
        Verdict.NotApplicable => "not applicable",
        _ => throw new ArgumentOutOfRangeException(nameof(v), v, "Unknown verdict."),
    };

    /// <summary>Markdown has no colour, so an emoji carries it (next to the words, which carry the meaning).</summary>
    public static string Emoji(Verdict v) => v switch
    {
        Verdict.Reproduced => "✅",
        Verdict.Partly => "🟡",
        Verdict.NotReproduced => "❌",
        _ => "⚪",
    };

    /// <summary>A symbol every text font has (DejaVu included), for the HTML badge.</summary>
    public static string Symbol(Verdict v) => v switch
    {
        Verdict.Reproduced => "✓",
        Verdict.Partly => "◐",
        Verdict.NotReproduced => "✗",
        _ => "–",
    };

    public static string CssClass(Verdict v) => v switch
    {
        Verdict.Reproduced => "v-reproduced",
        Verdict.Partly => "v-partly",
        Verdict.NotReproduced => "v-not-reproduced",
        _ => "v-not-applicable",
    };

    public static string Markdown(Verdict v) => $"{Emoji(v)} {Label(v)}";

    public static string HtmlBadge(Verdict v) => $"<span class=\"badge {CssClass(v)}\">{Symbol(v)} {Label(v)}</span>";
}
