using System.Text.Json;
using SliceMoE.Reporting;

namespace SliceMoE.Tests.Reporting;

public class MetricsWriterTests
{
    [Fact]
    public void Rows_go_to_jsonl_and_csv_with_the_same_columns()
    {
        using var dir = new TempDirectory();
        string jsonl = Path.Combine(dir.Path, "m.jsonl"), csv = Path.Combine(dir.Path, "m.csv");
        using (var w = new MetricsWriter(jsonl, csv, ["step", "loss", "model", "ok"]))
        {
            w.Write(1, 0.5, "SliceMoE", true);
            w.Write(new Dictionary<string, object?> { ["step"] = 2L, ["model"] = "a,\"b\"\nc" });
        }

        var lines = File.ReadAllLines(jsonl);
        Assert.Equal(2, lines.Length);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            Assert.Equal(["step", "loss", "model", "ok"], first.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(0.5, first.RootElement.GetProperty("loss").GetDouble());
            Assert.True(first.RootElement.GetProperty("ok").GetBoolean());
        }

        using (var second = JsonDocument.Parse(lines[1]))
        {
            Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("loss").ValueKind);
            Assert.Equal("a,\"b\"\nc", second.RootElement.GetProperty("model").GetString());
        }

        Assert.Equal("step,loss,model,ok\r\n1,0.5,SliceMoE,true\r\n2,,\"a,\"\"b\"\"\nc\",\r\n", File.ReadAllText(csv));
    }

    [Fact]
    public void Doubles_round_trip_and_non_finite_values_are_strings()
    {
        string line = MetricsWriter.JsonLine(["a", "b", "c", "d", "e"], [0.1, double.NaN, double.PositiveInfinity, 1e-300, 0.1f]);
        using var doc = JsonDocument.Parse(line);
        Assert.Equal(0.1, doc.RootElement.GetProperty("a").GetDouble());
        Assert.Equal("NaN", doc.RootElement.GetProperty("b").GetString());
        Assert.Equal("Infinity", doc.RootElement.GetProperty("c").GetString());
        Assert.Equal(1e-300, doc.RootElement.GetProperty("d").GetDouble());
        Assert.Equal("0.1", doc.RootElement.GetProperty("e").GetRawText());
        Assert.Equal("NaN", MetricsWriter.CsvText(double.NaN));
        Assert.Equal("-Infinity", MetricsWriter.CsvText(double.NegativeInfinity));
        Assert.Equal("0.30000000000000004", MetricsWriter.CsvText(0.1 + 0.2));
        Assert.Equal("0.1", MetricsWriter.CsvText(0.1f));
    }

    [Fact]
    public void Csv_quotes_only_what_needs_it()
    {
        using var dir = new TempDirectory();
        string jsonl = Path.Combine(dir.Path, "m.jsonl"), csv = Path.Combine(dir.Path, "m.csv");
        using (var w = new MetricsWriter(jsonl, csv, ["a", "b", "c", "d", "e", "f", "g"]))
        {
            w.Write("plain", "a,b", "say \"hi\"", "line\r\nbreak", " padded ", "\tled by a tab", string.Empty);
        }

        Assert.Equal("a,b,c,d,e,f,g\r\nplain,\"a,b\",\"say \"\"hi\"\"\",\"line\r\nbreak\",\" padded \",\"\tled by a tab\",\r\n", File.ReadAllText(csv));

        // A record whose only field is empty is quoted, so that it does not read as a blank line.
        using (var w = new MetricsWriter(jsonl, csv, ["x"]))
        {
            w.Write(new object?[] { null });
        }

        Assert.Equal("x\r\n\"\"\r\n", File.ReadAllText(csv));
    }

    [Fact]
    public void Appending_keeps_one_header()
    {
        using var dir = new TempDirectory();
        string jsonl = Path.Combine(dir.Path, "m.jsonl"), csv = Path.Combine(dir.Path, "m.csv");
        using (var w = new MetricsWriter(jsonl, csv, ["x"]))
        {
            w.Write(1);
        }

        using (var w = new MetricsWriter(jsonl, csv, ["x"], append: true))
        {
            w.Write(2);
        }

        Assert.Equal("x\r\n1\r\n2\r\n", File.ReadAllText(csv));
        Assert.Equal(2, File.ReadAllLines(jsonl).Length);
    }

    [Fact]
    public void Bad_rows_and_columns_are_refused()
    {
        using var dir = new TempDirectory();
        string jsonl = Path.Combine(dir.Path, "m.jsonl"), csv = Path.Combine(dir.Path, "m.csv");
        Assert.Throws<ArgumentException>(() => new MetricsWriter(jsonl, csv, ["a", "a"]));
        Assert.Throws<ArgumentException>(() => new MetricsWriter(jsonl, csv, []));
        using var w = new MetricsWriter(jsonl, csv, ["a", "b"]);
        Assert.Throws<ArgumentException>(() => w.Write(1));
        Assert.Throws<ArgumentException>(() => w.Write(new Dictionary<string, object?> { ["c"] = 1 }));
    }
}
