namespace SliceMoE.Reporting;

/// <summary>The files a report was written to.</summary>
/// <param name="Markdown">Path of report.md.</param>
/// <param name="Html">Path of report.html.</param>
/// <param name="Figures">Paths of the figure SVG files, in document order.</param>
public sealed record ReportFiles(string Markdown, string Html, IReadOnlyList<string> Figures);
