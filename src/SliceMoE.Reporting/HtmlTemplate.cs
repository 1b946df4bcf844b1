namespace SliceMoE.Reporting;

/// <summary>The fixed parts of report.html: a small stylesheet and the render-check script.</summary>
internal static class HtmlTemplate
{
    public const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f4f5f7; color: #222; font: 15px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', sans-serif; }
        main { max-width: 1040px; margin: 0 auto; padding: 24px 40px 64px; background: #fff; min-height: 100vh; box-sizing: border-box; }
        h1 { font-size: 28px; margin: 8px 0 4px; }
        h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e4e4e4; }
        h3 { font-size: 17px; margin: 26px 0 8px; }
        h4, h5, h6 { font-size: 15px; margin: 20px 0 6px; }
        .subtitle { color: #555; margin-top: 0; }
        nav.toc { background: #f6f8fa; border: 1px solid #e1e5eb; border-radius: 6px; padding: 6px 20px 10px; margin: 18px 0; }
        nav.toc h2 { font-size: 15px; border: 0; margin: 8px 0 4px; padding: 0; }
        nav.toc ul { margin: 2px 0; padding-left: 20px; }
        a { color: #0b5cad; text-decoration: none; }
        a:hover { text-decoration: underline; }
        figure.chart { margin: 22px 0; }
        figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        figcaption { color: #444; font-size: 14px; margin: 6px auto 0; max-width: 820px; }
        table { border-collapse: collapse; margin: 12px 0 18px; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; color: #444; font-size: 14px; padding-bottom: 6px; }
        th, td { padding: 5px 12px; border-bottom: 1px solid #e6e6e6; }
        thead th { background: #f6f6f6; border-bottom: 2px solid #c8c8c8; }
        tbody tr:nth-child(even) { background: #fbfbfb; }
        .l { text-align: left; } .r { text-align: right; } .c { text-align: center; }
        pre { background: #f6f8fa; border: 1px solid #e1e5eb; border-radius: 6px; padding: 10px 14px; overflow: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
        .verdict { border-left: 4px solid #999; background: #fafafa; padding: 8px 12px; margin: 12px 0; }
        .verdict .evidence { color: #444; font-size: 14px; margin-top: 4px; }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 13px; font-weight: 600; color: #fff; white-space: nowrap; }
        .verdict .badge { margin-right: 6px; }
        .v-reproduced { border-color: #1a7f37; } .badge.v-reproduced { background: #1a7f37; }
        .v-partly { border-color: #9a6700; } .badge.v-partly { background: #9a6700; }
        .v-not-reproduced { border-color: #cf222e; } .badge.v-not-reproduced { background: #cf222e; }
        .v-not-applicable { border-color: #6e7781; } .badge.v-not-applicable { background: #6e7781; }
        """;

    /// <summary>
    /// Counts the figure SVGs that actually rendered (non-empty bounding box) and records the count on &lt;body&gt;
    /// as data-rendered, next to data-figures (the number written); scripts/render-check.sh compares the two.
    /// It also records the page height (data-page-height) so that a screenshot can cover the whole page.
    /// </summary>
    public const string RenderCheckScript = """
        (function () {
          function check() {
            var n = 0;
            document.querySelectorAll('figure.chart > svg').forEach(function (svg) {
              var box = svg.getBBox();
              if (box.width > 0 && box.height > 0) { n++; }
            });
            document.body.setAttribute('data-rendered', String(n));
            document.body.setAttribute('data-page-height', String(document.documentElement.scrollHeight));
          }
          check();
          window.addEventListener('load', check);
        })();
        """;
}
