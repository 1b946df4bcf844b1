using System.Xml.Linq;
using SliceMoE.Reporting.Charts;

namespace SliceMoE.Tests.Reporting.Charts;

public class ChartRenderingTests
{
    private static readonly XNamespace S = SvgAssert.Svg;

    public static TheoryData<string> Samples => ChartSamples.Names;

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_chart_kind_renders_well_formed_svg(string name)
    {
        var doc = SvgAssert.WellFormed(ChartSamples.Build(name).ToSvg());
        Assert.NotEmpty(doc.Root!.Element(S + "desc")!.Value);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Same_data_gives_the_same_bytes(string name)
    {
        string a = ChartSamples.Build(name).ToSvg(), b = ChartSamples.Build(name).ToSvg();
        Assert.Equal(a, b);
        Assert.DoesNotContain("\r", a, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_id_carries_the_prefix(string name)
    {
        var doc = SvgAssert.WellFormed(ChartSamples.Build(name).ToSvg("fig-x_1"));
        var ids = doc.Descendants().Select(e => (string?)e.Attribute("id")).OfType<string>().ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.StartsWith("fig-x_1-", id, StringComparison.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("a b")]
    [InlineData("a\"b")]
    public void Invalid_id_prefixes_are_rejected(string prefix)
    {
        Assert.ThrowsAny<ArgumentException>(() => ChartSamples.Build("line").ToSvg(prefix));
    }

    [Fact]
    public void User_strings_are_escaped_everywhere()
    {
        const string Nasty = "<script>alert('x')</script> & \"q\"";
        var c = new LineChart { Title = Nasty, Description = Nasty };
        c.XAxis.Label = Nasty;
        c.Add(Nasty, [0, 1], [0, 1]);
        c.Add("b", [0, 1], [1, 0]);
        string svg = c.ToSvg();
        var doc = SvgAssert.WellFormed(svg);
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        Assert.Equal(Nasty, doc.Root!.Element(S + "title")!.Value);
        Assert.Equal(Nasty, doc.Root!.Element(S + "desc")!.Value);
        Assert.Contains(doc.Descendants(S + "text"), t => t.Value == Nasty);
    }

    [Fact]
    public void Characters_xml_cannot_hold_are_replaced_not_emitted()
    {
        var c = new BarChart(["a\u0001b", "\uD800lone"]) { Title = "bell\u0007" };
        c.Add("x\u001Fy", [1, 2]);
        var doc = SvgAssert.WellFormed(c.ToSvg());
        Assert.Contains(doc.Descendants(S + "text"), t => t.Value == "a\uFFFDb");
    }

    [Fact]
    public void Empty_and_all_nan_charts_say_no_data()
    {
        var empty = new LineChart { Title = "empty" };
        var nan = new LineChart();
        nan.Add("nan", [0, 1, 2], [double.NaN, double.NaN, double.NaN]);
        var bars = new BarChart([]);
        var scatter = new ScatterChart();
        scatter.Add("none");
        foreach (var chart in new Chart[] { empty, nan, bars, scatter })
        {
            var doc = SvgAssert.WellFormed(chart.ToSvg());
            Assert.Contains(doc.Descendants(S + "text"), t => t.Value == "no data");
        }
    }

    [Fact]
    public void Degenerate_data_still_renders()
    {
        var single = new LineChart();
        single.Add("one", [3], [0.5]).Markers = true;
        var constant = new LineChart();
        constant.Add("flat", [0, 1, 2], [0.9, 0.9, 0.9]);
        var infinite = new ScatterChart();
        infinite.Add("s").Add(double.PositiveInfinity, 1).Add(1, double.NaN).Add(2, 3, "ok");
        var zeros = new LoadChart(3);
        zeros.Add("dead", [0, 0, 0]);
        var oneCell = new Heatmap(new double[,] { { 7 } });
        var emptyHeat = new Heatmap(new double[0, 0]);
        var negative = new BarChart(["a", "b"]) { ShowValues = true };
        negative.Add("delta", [-0.02, 0.03], [0.01, 0.01]);
        foreach (var chart in new Chart[] { single, constant, infinite, zeros, oneCell, emptyHeat, negative })
        {
            SvgAssert.WellFormed(chart.ToSvg());
        }
    }

    [Fact]
    public void A_gap_in_a_line_starts_a_new_subpath()
    {
        var c = new LineChart();
        c.Add("gap", [0, 1, 2, 3, 4], [1, 2, double.NaN, 3, 4]);
        var path = SvgAssert.WellFormed(c.ToSvg()).Descendants(S + "path").Single(p => (string?)p.Attribute("fill") == "none");
        Assert.Equal(2, path.Attribute("d")!.Value.Count(ch => ch == 'M'));
    }

    [Fact]
    public void Dashes_colours_and_bands_follow_the_series_settings()
    {
        var c = new LineChart();
        c.Add("solid", [0, 1], [0, 1]).Color = "#123456";
        var dashed = c.Add("dashed", [0, 1], [1, 0]).WithSpread([0.1, 0.1]);
        dashed.Dashed = true;
        var paths = SvgAssert.WellFormed(c.ToSvg()).Descendants(S + "path").ToList();
        var lines = paths.Where(p => (string?)p.Attribute("fill") == "none").ToList();
        Assert.Equal("#123456", (string?)lines[0].Attribute("stroke"));
        Assert.Null(lines[0].Attribute("stroke-dasharray"));
        Assert.NotNull(lines[1].Attribute("stroke-dasharray"));
        Assert.Single(paths, p => p.Attribute("fill-opacity") is not null); // one band
    }

    [Fact]
    public void Unnamed_series_stay_out_of_the_legend()
    {
        var c = new LineChart();
        c.Add("a", [0, 1], [0, 1]);
        c.Add("b", [0, 1], [1, 0]);
        c.Add(string.Empty, [0.5, 0.5], [0, 1]);
        Assert.Equal(["a", "b"], SvgAssert.LegendTexts(SvgAssert.WellFormed(c.ToSvg())).Select(t => t.Value));
    }

    [Fact]
    public void A_right_legend_lies_right_of_the_plot()
    {
        var c = new LineChart();
        for (int i = 0; i < 3; i++)
        {
            c.Add($"series {i}", [0, 1], [i, i + 1]);
        }

        var doc = SvgAssert.WellFormed(c.ToSvg());
        var plot = SvgAssert.Plot(doc, 6);
        var texts = SvgAssert.LegendTexts(doc).ToList();
        Assert.Equal(3, texts.Count);
        Assert.All(texts, t => Assert.True(SvgAssert.Num(t, "x") > plot.Right + 10, "legend text inside the plot"));
    }

    [Fact]
    public void A_legend_too_wide_for_a_column_goes_below_the_axis_and_the_chart_grows_for_it()
    {
        var c = new LineChart { Height = 300 };
        for (int i = 0; i < 14; i++)
        {
            c.Add($"a rather long series name number {i}", [0, 1], [i, i + 1]);
        }

        var doc = SvgAssert.WellFormed(c.ToSvg());
        var plot = SvgAssert.Plot(doc, 6);
        var texts = SvgAssert.LegendTexts(doc).ToList();
        Assert.Equal(14, texts.Count);
        Assert.All(texts, t => Assert.True(SvgAssert.Num(t, "y") > plot.Bottom + 20, "legend text overlaps the plot or its tick labels"));
        double height = SvgAssert.Num(doc.Root!, "height");
        Assert.All(texts, t => Assert.True(SvgAssert.Num(t, "y") < height, "legend text below the canvas"));
        Assert.True(plot.Bottom - plot.Top >= 100, "the plot was squeezed instead of the chart growing");
    }

    [Fact]
    public void Long_category_labels_are_rotated_and_stay_on_the_canvas()
    {
        var c = new BarChart(["EducationalInstitution", "MeanOfTransportation", "NaturalPlace", "WrittenWork", "OfficeHolder", "Company"]) { Width = 400 };
        c.Add("acc", [0.9, 0.8, 0.7, 0.95, 0.85, 0.9]);
        var doc = SvgAssert.WellFormed(c.ToSvg());
        var rotated = doc.Descendants(S + "text").Where(t => ((string?)t.Attribute("transform"))?.StartsWith("rotate(-40", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(6, rotated.Count);
        double height = SvgAssert.Num(doc.Root!, "height");
        Assert.All(rotated, t => Assert.True(SvgAssert.Num(t, "y") < height - 20));
    }

    [Fact]
    public void Point_labels_do_not_overlap_each_other()
    {
        var c = new ScatterChart();
        var s = c.Add("cluster");
        for (int i = 0; i < 5; i++)
        {
            s.Add(0.5 + (0.002 * i), 0.5 + (0.002 * i), $"label {i}");
        }

        s.Add(0, 0).Add(1, 1);
        var doc = SvgAssert.WellFormed(c.ToSvg());
        var labels = doc.Descendants(S + "g").Single(g => (string?)g.Attribute("class") == "labels").Elements(S + "text").ToList();
        var boxes = labels.Select(t =>
        {
            double x = SvgAssert.Num(t, "x"), y = SvgAssert.Num(t, "y");
            double w = SliceMoE.Reporting.Charts.TextMeasure.Width(t.Value, 11);
            string anchor = (string?)t.Attribute("text-anchor") ?? "start";
            double left = anchor == "start" ? x : anchor == "end" ? x - w : x - (w / 2);
            return (Left: left, Top: y - 10, Right: left + w, Bottom: y + 2);
        }).ToList();
        for (int i = 0; i < boxes.Count; i++)
        {
            for (int j = i + 1; j < boxes.Count; j++)
            {
                bool overlap = boxes[i].Left < boxes[j].Right && boxes[j].Left < boxes[i].Right && boxes[i].Top < boxes[j].Bottom && boxes[j].Top < boxes[i].Bottom;
                Assert.False(overlap, $"labels {i} and {j} overlap");
            }
        }
    }

    [Fact]
    public void Heatmap_row_normalisation_divides_each_row_by_its_sum()
    {
        var h = new Heatmap(new long[,] { { 3, 1 }, { 0, 0 } }) { NormalizeRows = true };
        var values = SvgAssert.WellFormed(h.ToSvg()).Descendants(S + "g").Single(g => (string?)g.Attribute("class") == "values").Elements(S + "text").Select(t => t.Value).ToList();
        Assert.Equal(["0.75", "0.25", "0.00", "0.00"], values);
    }

    [Fact]
    public void Heatmap_counts_are_written_as_whole_numbers_and_tiny_cells_drop_the_text()
    {
        var counts = new Heatmap(new long[,] { { 12, 3 }, { 4, 100 } });
        var values = SvgAssert.WellFormed(counts.ToSvg()).Descendants(S + "g").Single(g => (string?)g.Attribute("class") == "values").Elements(S + "text").Select(t => t.Value);
        Assert.Equal(["12", "3", "4", "100"], values);

        var big = new Heatmap(new double[120, 120]) { Width = 400, Height = 400 };
        var doc = SvgAssert.WellFormed(big.ToSvg());
        Assert.DoesNotContain(doc.Descendants(S + "g"), g => (string?)g.Attribute("class") == "values");
    }

    [Fact]
    public void Load_chart_normalises_marks_dead_experts_and_draws_the_uniform_line()
    {
        var c = new LoadChart(4);
        var series = c.Add("m", [2, 2, 4, 0]);
        Assert.Equal([0.25, 0.25, 0.5, 0], series.Values);
        var doc = SvgAssert.WellFormed(c.ToSvg());
        Assert.Contains(doc.Descendants(S + "line"), l => (string?)l.Attribute("stroke-dasharray") == "6 4");
        Assert.Contains(SvgAssert.LegendTexts(doc), t => t.Value == "uniform 1/E = 0.25");
        Assert.Contains(doc.Descendants(S + "path"), p => (string?)p.Attribute("stroke-width") == "2" && (string?)p.Attribute("fill") == "none");
        Assert.Throws<ArgumentException>(() => c.Add("bad", [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => c.Add("neg", [1, -1, 0, 0]));
    }

    [Fact]
    public void A_bar_chart_refuses_a_log_value_axis()
    {
        var c = new BarChart(["a"]);
        c.Add("x", [1]);
        c.YAxis.Scale = AxisScale.Log;
        Assert.Throws<InvalidOperationException>(() => c.ToSvg());
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new LineSeries("a", [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new LineSeries("a", [1, 2], [1, 2]).WithSpread([1]));
        Assert.Throws<ArgumentException>(() => new BarSeries("a", [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new BarChart(["x", "y"]).Add("a", [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LineChart { Width = 10 });
    }

    [Fact]
    public void Save_writes_what_ToSvg_returns()
    {
        string dir = Path.Combine(Path.GetTempPath(), "slicemoe-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var chart = ChartSamples.Build("bar");
            string path = Path.Combine(dir, "sub", "bar.svg");
            chart.Save(path);
            Assert.Equal(chart.ToSvg(), File.ReadAllText(path));
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no BOM
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
