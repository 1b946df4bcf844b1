using System.Text.Json.Nodes;

namespace SliceMoE.Tests.Cli.Bench;

/// <summary>
/// <c>bench inference --json</c> on a tiny model: one object per measurement with the keys the issue promises, Dense's
/// ratio to itself 1, the machine's peak and bandwidth; and a bad option is one clear error line. Never how fast.
/// </summary>
[Collection(SerialCollection.Name)]
public class BenchInferenceCommandTests
{
    private static readonly string[] Tiny =
    [
        "bench", "inference", "--d", "32", "--layers", "1", "--vocab", "40", "--batch", "1", "2", "--context", "4", "--decode-steps", "2",
        "--small-n", "1", "--rounds", "1", "--min-seconds", "0", "--threads", "1",
    ];

    [Fact]
    public void Json_has_one_object_per_measurement_with_the_keys()
    {
        var (code, output, error) = CliRunner.RunApart([.. Tiny, "--json"]);
        Assert.True(code == 0, output + error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        var models = rows.Where(r => r["phase"]!.GetValue<string>() is "prefill" or "decode").ToArray();
        Assert.Equal(2 * 3 * 2 * 2, models.Length); // phases x layers x comparisons x batches
        foreach (var row in models)
        {
            foreach (var key in new[] { "phase", "layer", "match", "batch", "context", "tokens_per_s", "ratio_to_dense", "ratio_to_bandwidth_bound" })
            {
                Assert.True(row.ContainsKey(key), $"{key} missing in {row.ToJsonString()}");
            }

            Assert.Equal(4, row["context"]!.GetValue<int>());
            Assert.True(row["tokens_per_s"]!.GetValue<double>() > 0);
            Assert.True(row["ratio_to_bandwidth_bound"]!.GetValue<double>() > 0);
            if (row["layer"]!.GetValue<string>() == "Dense")
            {
                Assert.Equal(1.0, row["ratio_to_dense"]!.GetValue<double>());
            }
        }

        Assert.Equal(["flops", "params"], models.Select(r => r["match"]!.GetValue<string>()).Distinct().Order());
        Assert.Equal(6, rows.Count(r => r["phase"]!.GetValue<string>() == "ffn-alone"));
        var machine = rows.Single(r => r["phase"]!.GetValue<string>() == "machine");
        Assert.True(machine["bandwidth_gbps"]!.GetValue<double>() > 0 && machine["peak_gflops"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void With_onnxruntime_every_model_is_also_timed_in_onnx_runtime_against_ours()
    {
        string[] one = ["bench", "inference", "--d", "32", "--layers", "1", "--vocab", "40", "--batch", "2", "--context", "4", "--decode-steps", "2", "--match", "flops",
            "--small-n", "1", "--rounds", "1", "--min-seconds", "0", "--threads", "1"];
        var (code, output, error) = CliRunner.RunApart([.. one, "--json", "--onnxruntime"]);
        Assert.True(code == 0, output + error);
        var models = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(r => r["phase"]!.GetValue<string>() is "prefill" or "decode").ToArray();
        var ort = models.Where(r => r["engine"]!.GetValue<string>() == "onnxruntime").ToArray();
        Assert.Equal(2 * 3, ort.Length); // phases x layers, one batch and one comparison
        Assert.All(ort, r => Assert.True(r["ratio_to_native"]!.GetValue<double>() > 0));
        Assert.All(ort.Where(r => r["layer"]!.GetValue<string>() == "Dense"), r => Assert.Equal(1.0, r["ratio_to_dense"]!.GetValue<double>())); // against ORT's own Dense
        Assert.All(models.Where(r => r["engine"]!.GetValue<string>() == "native"), r => Assert.Null(r["ratio_to_native"]));
    }

    [Fact]
    public void An_unknown_comparison_is_one_clear_error()
    {
        var (code, _, error) = CliRunner.RunApart(["bench", "inference", "--match", "bytes"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--match: 'bytes' is not one of flops, params", error);
    }
}
