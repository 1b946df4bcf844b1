using SliceMoE.Reporting;

namespace SliceMoE.Reproduction.Claims;

/// <summary>One claim of the paper and our verdict on it.</summary>
/// <param name="Experiment">The experiment key it belongs to (table1, figure1, ...).</param>
/// <param name="Text">The claim, in the paper's words where possible.</param>
/// <param name="Paper">The paper's number(s), as text.</param>
/// <param name="Ours">Our number(s), as text.</param>
/// <param name="Verdict">Reproduced, partly, not, or not applicable.</param>
/// <param name="Evidence">The numbers and the rule that decided.</param>
public sealed record Claim(string Experiment, string Text, string Paper, string Ours, Verdict Verdict, string Evidence);
