using System.Text.Json.Nodes;

namespace SliceMoE.Tests.Cli.Bench;

/// <summary>
/// <c>bench parallel --json</c> starts every configuration (one process, and mpirun with 2 ranks over TCP and shared
/// memory) and prints one object per measurement with the keys. Checks what the measurements must be, never how
/// fast: the expert-parallel rows move all-to-all bytes, the data-parallel ones only allreduce bytes, one process none.
/// </summary>
[Collection(SerialCollection.Name)]
public class BenchParallelCommandTests
{
    [Fact]
    public void Json_has_one_object_per_configuration_with_the_time_split_and_the_bytes()
    {
        var (code, output) = CliRunner.Run("bench", "parallel", "--json", "--rounds", "1", "--steps", "1", "--workloads", "layer", "--tokens", "256");
        Assert.True(code == 0, output);
        var rows = output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal(5, rows.Length);
        foreach (var row in rows)
        {
            foreach (var key in new[] { "mode", "ranks", "threads", "transport", "tokens_per_s", "comm_fraction", "bytes_per_step" })
            {
                Assert.True(row.ContainsKey(key), $"{key} missing in {row.ToJsonString()}");
            }

            Assert.True(row["tokens_per_s"]!.GetValue<double>() > 0);
            double fraction = row["comm_fraction"]!.GetValue<double>();
            Assert.InRange(fraction, 0, 1);
            string mode = row["mode"]!.GetValue<string>();
            long a2a = row["all_to_all_bytes_per_step"]!.GetValue<long>(), bytes = row["bytes_per_step"]!.GetValue<long>();
            switch (mode)
            {
                case "single":
                    Assert.Equal(0, bytes);
                    Assert.Equal(1, row["ranks"]!.GetValue<int>());
                    break;
                case "dp":
                    Assert.Equal(0, a2a);
                    Assert.True(bytes >= 4L * 2_000_000, $"the layer's gradients (about 2.4M floats) are allreduced: {bytes} bytes");
                    break;
                case "ep":
                    Assert.True(a2a > 0);
                    break;
                default:
                    Assert.Fail(mode);
                    break;
            }
        }

        Assert.Equal(["none", "shm", "shm", "tcp", "tcp"], rows.Select(r => r["transport"]!.GetValue<string>()).Order());
    }
}
