using SliceMoE.Reporting.Charts;

namespace SliceMoE.Tests.Reporting.Charts;

/// <summary>One small chart of every kind, built fresh on each call (so determinism tests compare two separate builds).</summary>
internal static class ChartSamples
{
    public static TheoryData<string> Names => new() { "line", "line-log", "bar", "scatter", "heatmap", "load" };

    public static Chart Build(string name) => name switch
    {
        "line" => Line(),
        "line-log" => LineLog(),
        "bar" => Bar(),
        "scatter" => Scatter(),
        "heatmap" => Heat(),
        "load" => Load(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown sample."),
    };

    private static LineChart Line()
    {
        var c = new LineChart { Title = "Accuracy" };
        c.XAxis.Label = "epoch";
        c.YAxis.Label = "accuracy";
        c.Add("contiguous", [1, 2, 3, 4], [0.80, 0.85, 0.87, 0.88]).WithSpread([0.01, 0.01, 0.005, 0.004]).Markers = true;
        c.Add("shuffled", [1, 2, 3, 4], [0.78, 0.83, double.NaN, 0.86]).Dashed = true;
        return c;
    }

    private static LineChart LineLog()
    {
        var c = new LineChart { Title = "Loss" };
        c.YAxis.Scale = AxisScale.Log;
        c.XAxis.Scale = AxisScale.Log;
        c.Add("train", [1, 10, 100, 1000], [2.3, 1.1, 0.4, -1]);
        return c;
    }

    private static BarChart Bar()
    {
        var c = new BarChart(["AG NEWS", "EMOTION", "DBPEDIA-14"]) { Title = "Validation accuracy", ShowValues = true, XLabel = "dataset" };
        c.Add("SliceMoE", [0.88, 0.48, 0.96], [0.01, 0.02, 0.005]);
        c.Add("TokenMoE", [0.85, double.NaN, 0.93]);
        c.AddReferenceLine(0.5, "chance");
        return c;
    }

    private static ScatterChart Scatter()
    {
        var c = new ScatterChart { Title = "Accuracy vs ELE" };
        c.Add("SliceMoE").Add(0.95, 0.88, "AG NEWS").Add(0.96, 0.96, "DBPEDIA-14");
        c.Add(new ScatterSeries("TokenMoE") { Shape = MarkerShape.Cross }).Add(0.81, 0.85, "AG NEWS");
        return c;
    }

    private static Heatmap Heat() => new(new long[,] { { 50, 3, 0 }, { 4, 40, 6 }, { 0, 0, 0 } })
    {
        Title = "Confusion",
        RowLabels = ["a", "b", "c"],
        ColumnLabels = ["a", "b", "c"],
        NormalizeRows = true,
        XLabel = "predicted",
        YLabel = "actual",
    };

    private static LoadChart Load()
    {
        var c = new LoadChart(4) { Title = "Load" };
        c.Add("SliceMoE", [10, 11, 9, 10]);
        c.Add("TokenMoE", [25, 10, 5, 0]);
        return c;
    }
}
