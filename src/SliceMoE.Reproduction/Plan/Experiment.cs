namespace SliceMoE.Reproduction.Plan;

/// <summary>One of the paper's tables or figures (or a comparison the issue adds), and the variants it needs.</summary>
/// <param name="Key">table1, figure1 ... figure7, lm, mt, routers, specialisation, protocol.</param>
/// <param name="Title">What it shows.</param>
/// <param name="PaperReference">Where it is in the paper.</param>
/// <param name="Variants">Every variant it reads (each trained once per seed).</param>
/// <param name="Seeds">Seeds it needs (null: the profile's); a variant trains with the most any experiment reading it needs.</param>
public sealed record Experiment(string Key, string Title, string PaperReference, IReadOnlyList<Variant> Variants, int? Seeds = null);
