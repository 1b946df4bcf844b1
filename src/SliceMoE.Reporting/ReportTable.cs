using System.Text;

namespace SliceMoE.Reporting;

/// <summary>
/// A table: a header row and rows of cells. Cells may be strings, numbers (formatted with the column's format,
/// invariant culture), <see cref="Verdict"/>s (drawn as badges) or null (an em dash).
/// </summary>
public sealed class ReportTable : ReportBlock
{
    private readonly List<object?[]> _rows = [];

    /// <summary>Creates a table; strings convert to columns with automatic alignment and format.</summary>
    /// <exception cref="ArgumentException">When there are no columns.</exception>
    public ReportTable(params TableColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        }

        Columns = [.. columns];
    }

    /// <summary>The caption, shown as "Table N: caption"; null for none (and no number).</summary>
    public string? Caption { get; set; }

    /// <summary>The columns.</summary>
    public IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>The rows, each with one cell per column.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows => _rows;

    /// <summary>Appends a row and returns this table.</summary>
    /// <exception cref="ArgumentException">When the cell count differs from the column count.</exception>
    public ReportTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"A row of this table has {Columns.Count} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add((object?[])cells.Clone());
        return this;
    }

    internal override void WriteMarkdown(StringBuilder md, RenderContext context)
    {
        if (Caption is not null)
        {
            md.Append("**Table ").Append(context.TableNumber(this)).Append(":** ").Append(MarkdownText.Escape(Caption)).Append("\n\n");
        }

        md.Append('|');
        foreach (var c in Columns)
        {
            md.Append(' ').Append(MarkdownText.Cell(c.Header)).Append(" |");
        }

        md.Append("\n|");
        for (int j = 0; j < Columns.Count; j++)
        {
            md.Append(Align(j) switch
            {
                ColumnAlignment.Right => "---:|",
                ColumnAlignment.Center => ":---:|",
                _ => ":---|",
            });
        }

        md.Append('\n');
        foreach (var row in _rows)
        {
            md.Append('|');
            for (int j = 0; j < Columns.Count; j++)
            {
                string text = row[j] is Verdict v ? VerdictText.Markdown(v) : MarkdownText.Cell(CellText.Format(row[j], Columns[j].Format));
                md.Append(' ').Append(text).Append(" |");
            }

            md.Append('\n');
        }

        md.Append('\n');
    }

    internal override void WriteHtml(StringBuilder html, RenderContext context)
    {
        html.Append("<table>\n");
        if (Caption is not null)
        {
            html.Append("<caption><strong>Table ").Append(context.TableNumber(this)).Append(".</strong> ").Append(XmlText.Escape(Caption)).Append("</caption>\n");
        }

        html.Append("<thead><tr>");
        for (int j = 0; j < Columns.Count; j++)
        {
            html.Append("<th class=\"").Append(Css(Align(j))).Append("\">").Append(XmlText.Escape(Columns[j].Header)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in _rows)
        {
            html.Append("<tr>");
            for (int j = 0; j < Columns.Count; j++)
            {
                string text = row[j] is Verdict v ? VerdictText.HtmlBadge(v) : XmlText.Escape(CellText.Format(row[j], Columns[j].Format));
                html.Append("<td class=\"").Append(Css(Align(j))).Append("\">").Append(text).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private ColumnAlignment Align(int j)
    {
        if (Columns[j].Alignment != ColumnAlignment.Auto)
        {
            return Columns[j].Alignment;
        }

        bool anyValue = false;
        foreach (var row in _rows)
        {
            if (row[j] is null)
            {
                continue;
            }

            if (!CellText.IsNumeric(row[j]))
            {
                return ColumnAlignment.Left;
            }

            anyValue = true;
        }

        return anyValue ? ColumnAlignment.Right : ColumnAlignment.Left;
    }

    private static string Css(ColumnAlignment a) => a switch
    {
        ColumnAlignment.Right => "r",
        ColumnAlignment.Center => "c",
        _ => "l",
    };
}
