using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Cli.Train;

/// <summary>A command pointed at a folder that holds a run never damages it.</summary>
public class RunFolderTests
{
    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before, string folder)
    {
        var after = Snapshot(folder);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, bytes) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
        }
    }

    [Fact]
    public void A_new_run_into_a_folder_holding_a_run_is_refused_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        string run = dir.File("run");
        var (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("classification", run)]);
        Assert.True(code == 0, text);
        var before = Snapshot(run);

        (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("classification", run), "--experts=8"]);
        Assert.NotEqual(0, code);
        Assert.Contains($"{run} already holds a run (checkpoint.safetensors, summary.json, metrics.jsonl)", text, StringComparison.Ordinal);
        Assert.Contains("--overwrite", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal); // no stack trace
        AssertUnchanged(before, run);
    }

    [Fact]
    public void An_overwriting_run_that_never_takes_a_step_leaves_the_old_run_as_it_was()
    {
        using var dir = new TempDirectory();
        string run = dir.File("run");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("classification", run)]).Code);
        var before = Snapshot(run);

        var config = ConfigBinder.Apply(new TrainingConfig(), CliRunner.Tiny("classification", run, "--experts=8"));
        using var replacing = TrainingRun.Start(config, TaskDatasets.WithoutCache, overwrite: true);
        using var stop = new CancellationTokenSource();
        stop.Cancel(); // as an out-of-memory or Ctrl-C before the first step would
        Assert.Equal("interrupted", replacing.Run(null, stop.Token).Stopped);
        AssertUnchanged(before, run);

        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("classification", run, "--experts=8"), "--overwrite"]).Code);
        Assert.Contains("\"experts\": 8", File.ReadAllText(Path.Combine(run, "config.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Resuming_a_copy_of_a_run_folder_writes_into_the_copy()
    {
        using var dir = new TempDirectory();
        string original = dir.File("run"), copy = dir.File("copy");
        Assert.Equal(0, CliRunner.Run(["train", .. CliRunner.Tiny("classification", original)]).Code);
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(original))
        {
            File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        }

        var before = Snapshot(original);
        var (code, text) = CliRunner.Run("train", "--resume", copy, "--steps=10");
        Assert.True(code == 0, text);
        AssertUnchanged(before, original);
        Assert.Contains("completed after 10/10 steps", text, StringComparison.Ordinal);
        Assert.Contains($"\"out\": \"{copy.Replace("\\", "\\\\", StringComparison.Ordinal)}\"", File.ReadAllText(Path.Combine(copy, "config.json")), StringComparison.Ordinal);
    }
}
