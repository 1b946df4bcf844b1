using System.Text.Json;
using SliceMoE.Cli.Commands.Train;
using SliceMoE.Tests.Support;
using SliceMoE.Training;

namespace SliceMoE.Tests.Cli.Train;

/// <summary>The main job's own code (<see cref="MainJob.Run(TrainSession, Interrupt, TrainingConfig, string)"/>) on a tiny preset, run once for the tests that read what it wrote.</summary>
public sealed class TinyMainJob : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TinyMainJob()
    {
        Preset = ConfigBinder.Apply(MainJob.Config, CliRunner.Tiny("classification", "unused", "--eval_every=0", "--log_every=4"));
        using var output = new StringWriter();
        using var interrupt = new Interrupt();
        Code = MainJob.Run(new TrainSession(output, plain: true), interrupt, Preset, Folder);
        Output = output.ToString();
    }

    /// <summary>The preset the job was given: the main job's with the tiny overrides on top.</summary>
    public TrainingConfig Preset { get; }

    /// <summary>The job's folder (slicemoe/, tokenmoe/, comparison.json).</summary>
    public string Folder => _dir.Path;

    public int Code { get; }

    public string Output { get; }

    /// <summary>The config one of the two runs wrote (its config.json).</summary>
    public TrainingConfig RunConfig(string layer)
    {
        string path = Path.Combine(Folder, layer, "config.json");
        return ConfigBinder.FromJson(File.ReadAllText(path), path);
    }

    public void Dispose() => _dir.Dispose();
}

public class MainJobTests(TinyMainJob job) : IClassFixture<TinyMainJob>
{
    [Fact]
    public void The_preset_is_a_valid_slicemoe_classifier_on_the_shipped_data()
    {
        var c = ConfigBinder.Apply(MainJob.Config, []);
        Assert.Equal(("classification", "sample", "slicemoe"), (c.Task, c.Dataset, c.Layer));
        Assert.Null(c.ExpertHidden); // 4d/k for SliceMoE and TokenMoE alike: matched active FLOPs
        Assert.Equal(0, c.Dim % c.Slices);
    }

    [Fact]
    public void The_comparison_changes_only_the_layer_and_the_folder()
    {
        Assert.Equal(0, job.Code);
        var keys = ConfigBinder.Keys.Keys;
        var slice = job.RunConfig("slicemoe");
        var token = job.RunConfig("tokenmoe");
        Assert.Equal(["out"], ConfigBinder.Differences(job.Preset, slice, keys));
        Assert.Equal(["layer", "out"], ConfigBinder.Differences(job.Preset, token, keys));
        Assert.Equal(("slicemoe", Path.Combine(job.Folder, "slicemoe")), (slice.Layer, slice.Out));
        Assert.Equal(("tokenmoe", Path.Combine(job.Folder, "tokenmoe")), (token.Layer, token.Out));
    }

    [Fact]
    public void A_tiny_main_job_trains_both_layers_and_prints_the_comparison()
    {
        Assert.Equal(0, job.Code);
        string text = job.Output;
        Assert.Contains("SliceMoE vs TokenMoE", text, StringComparison.Ordinal);
        foreach (string row in new[] { "test accuracy", "validation accuracy", "majority-class baseline (test)", "ELE (test", "CV² of counts (test)", "dead experts (test)", "tokens/s", "wall time" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(job.Folder, "comparison.json")));
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(["slicemoe", "tokenmoe"], runs.EnumerateArray().Select(r => r.GetProperty("layer").GetString()));
        var majority = runs.EnumerateArray().Select(r => r.GetProperty("majority_baseline").GetDouble()).ToArray();
        Assert.Equal(majority[0], majority[1]);
        Assert.InRange(majority[0], 0.0, 0.5);
        Assert.True(File.Exists(Path.Combine(job.Folder, "tokenmoe", "checkpoint.safetensors")));
    }
}
