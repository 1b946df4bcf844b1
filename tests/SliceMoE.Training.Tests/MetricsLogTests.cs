using SliceMoE.Tests.Support;
using SliceMoE.Training;

namespace SliceMoE.Tests.Training;

public class MetricsLogTests
{
    [Fact]
    public void Resuming_drops_lines_past_the_checkpoint_and_a_line_torn_by_a_kill()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.jsonl");
        File.WriteAllText(path, "{\"step\":1,\"split\":\"train\"}\n{\"step\":2,\"split\":\"train\"}\n{\"step\":3,\"split\":\"train\"}\n{\"step\":4,\"spl");
        _ = new MetricsLog(path, keepUpToStep: 2);
        Assert.Equal(["{\"step\":1,\"split\":\"train\"}", "{\"step\":2,\"split\":\"train\"}"], File.ReadAllLines(path));
    }
}
