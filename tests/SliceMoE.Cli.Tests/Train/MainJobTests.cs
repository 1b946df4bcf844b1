using System.Text.Json;
using SliceMoE.Cli.Commands.Train;
using SliceMoE.Tests.Support;
using SliceMoE.Training;

namespace SliceMoE.Tests.Cli.Train;

public class MainJobTests
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
        var slice = MainJob.Config with { Out = "x" };
        var token = MainJob.Config with { Layer = "tokenmoe", Out = "x" };
        Assert.Equal(["layer"], ConfigBinder.Differences(slice, token, ConfigBinder.Keys.Keys));
    }

    [Fact]
    public void A_tiny_main_job_trains_both_layers_and_prints_the_comparison()
    {
        using var dir = new TempDirectory();
        var tiny = ConfigBinder.Apply(MainJob.Config, CliRunner.Tiny("classification", "unused", "--eval_every=0", "--log_every=4"));
        using var output = new StringWriter();
        using var interrupt = new Interrupt();
        Assert.Equal(0, MainJob.Run(new TrainSession(output, plain: true), interrupt, tiny, dir.Path));
        string text = output.ToString();
        Assert.Contains("SliceMoE vs TokenMoE", text, StringComparison.Ordinal);
        foreach (string row in new[] { "test accuracy", "validation accuracy", "majority-class baseline (test)", "ELE (test", "CV² of counts (test)", "dead experts (test)", "tokens/s", "wall time" })
        {
            Assert.Contains(row, text, StringComparison.Ordinal);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "comparison.json")));
        var runs = json.RootElement.GetProperty("runs");
        Assert.Equal(["slicemoe", "tokenmoe"], runs.EnumerateArray().Select(r => r.GetProperty("layer").GetString()));
        var majority = runs.EnumerateArray().Select(r => r.GetProperty("majority_baseline").GetDouble()).ToArray();
        Assert.Equal(majority[0], majority[1]);
        Assert.InRange(majority[0], 0.0, 0.5);
        Assert.True(File.Exists(Path.Combine(dir.Path, "tokenmoe", "checkpoint.safetensors")));
    }
}
