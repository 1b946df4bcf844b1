using SliceMoE.Cli.Commands.Train;
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
}
