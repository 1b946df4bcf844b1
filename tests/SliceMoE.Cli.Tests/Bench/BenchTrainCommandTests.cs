using System.Text.Json.Nodes;

namespace SliceMoE.Tests.Cli.Bench;

/// <summary>
/// <c>bench train --json</c> on a tiny model: one object per layer with the keys the benchmark promises, Dense's ratio to
/// itself 1, no PyTorch ratio with <c>--pytorch off</c>; and bad option values are one clear error line. What the
/// measurements are, never how fast.
/// </summary>
[Collection(SerialCollection.Name)]
public class BenchTrainCommandTests
{
    private static readonly string[] Tiny =
        ["bench", "train", "--d", "32", "--seq", "16", "--layers", "1", "--vocab", "64", "--batch", "2", "--rounds", "1", "--min-seconds", "0.01", "--pytorch", "off"];

    [Fact]
    public void Json_has_one_object_per_layer_with_the_keys_and_the_ratios()
    {
        var (code, output, error) = CliRunner.RunApart([.. Tiny, "--json"]);
        Assert.True(code == 0, output + error);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(["Dense", "SliceMoE", "TokenMoE"], rows.Select(r => r["layer"]!.GetValue<string>()));
        foreach (var row in rows)
        {
            foreach (var key in new[] { "model", "layer", "d", "layers", "seq", "tokens_per_s", "ratio_to_dense", "ratio_to_pytorch", "ratio_to_peak", "gflops", "bytes_per_token", "parts" })
            {
                Assert.True(row.ContainsKey(key), $"{key} missing in {row.ToJsonString()}");
            }

            Assert.Equal("lm", row["model"]!.GetValue<string>());
            Assert.Equal(32, row["d"]!.GetValue<int>());
            Assert.Equal(1, row["layers"]!.GetValue<int>());
            Assert.Equal(16, row["seq"]!.GetValue<int>());
            Assert.True(row["tokens_per_s"]!.GetValue<double>() > 0);
            Assert.True(row["ratio_to_peak"]!.GetValue<double>() > 0);
            Assert.Null(row["ratio_to_pytorch"]);
            Assert.Null(row["pytorch_tokens_per_s"]);
            Assert.True(row["bytes_per_token"]!.GetValue<double>() > 0, "the first step allocates its activation buffers");

            // The loop's parts and the model's: a dense FFN as "ffn", an MoE layer as its own phases.
            var parts = row["parts"]!.AsObject();
            foreach (var part in new[] { "embedding", "attention", "layer norm", "residual+dropout", "output", "loss", "clip", "optimizer" })
            {
                Assert.True(parts.ContainsKey(part), $"part {part} missing in {parts.ToJsonString()}");
            }

            bool dense = row["layer"]!.GetValue<string>() == "Dense";
            Assert.Equal(dense, parts.ContainsKey("ffn"));
            Assert.Equal(!dense, parts.ContainsKey("expert GEMMs") && parts.ContainsKey("router"));
        }

        Assert.Equal(1.0, rows[0]["ratio_to_dense"]!.GetValue<double>());

        // The expert FLOPs are matched: the models differ in FLOPs only by the router's.
        double denseFlops = rows[0]["flops_per_token"]!.GetValue<double>();
        Assert.All(rows, r => Assert.True(r["flops_per_token"]!.GetValue<double>() >= denseFlops));
    }

    [Fact]
    public void A_single_layer_has_no_dense_ratio_and_the_table_names_every_part()
    {
        var (code, output) = CliRunner.Run([.. Tiny, "--layer", "slicemoe"]);
        Assert.True(code == 0, output);
        Assert.Contains("| lm    | SliceMoE |", output, StringComparison.Ordinal);
        Assert.Contains("expert GEMMs", output, StringComparison.Ordinal);
        Assert.Contains("FMA peak measured in this run", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| Dense", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--d", "36", "--d: 36 must be a multiple of SliceMoE's 8 slices")]
    [InlineData("--d", "30", "--d: 30 must be a positive multiple of the 4 attention heads")]
    [InlineData("--seq", "0", "--seq: 0 must be positive")]
    [InlineData("--layer", "MoE", "--layer: 'MoE' is not one of Dense, SliceMoE, TokenMoE")]
    [InlineData("--rounds", "0", "--rounds: 0 must be at least 1")]
    [InlineData("--min-seconds", "-1", "--min-seconds: -1 must be a finite number ≥ 0")]
    [InlineData("--threads", "0", "--threads: 0 must be at least 1")]
    [InlineData("--batch", "0", "--batch: 0 must be at least 1")]
    [InlineData("--vocab", "1", "--vocab: 1 must be at least 2")]
    [InlineData("--pytorch", "/no/such/python3", "--pytorch: '/no/such/python3' is neither auto, off, nor an existing Python interpreter")]
    public void Bad_values_are_one_clear_error(string option, string value, string message)
    {
        var args = Tiny.ToList();
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, output, error) = CliRunner.RunApart([.. args]);
        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"error: {message}.", error.Trim());
    }

    [Fact]
    public void A_value_that_is_not_a_number_is_refused_by_the_parser()
    {
        var args = Tiny.ToArray();
        args[Array.IndexOf(args, "--layers") + 1] = "four";
        var (code, output) = CliRunner.Run(args);
        Assert.NotEqual(0, code);
        Assert.Contains("four", output, StringComparison.Ordinal);
        Assert.Contains("--layers", output, StringComparison.Ordinal);
    }
}
