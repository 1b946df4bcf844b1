using SliceMoE.Numerics;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Reproduction.Synthetic;

namespace SliceMoE.Tests.Reproduction;

public class SyntheticTests
{
    [Fact]
    public void Each_class_carries_its_signal_in_its_own_segment_only()
    {
        var task = SegmentTask.Generate(4000, 2.0, 7, new Rng(1));
        for (int c = 0; c < SegmentTask.Segments; c++)
        {
            var members = Enumerable.Range(0, task.Count).Where(n => task.Labels[n] == c).ToArray();
            for (int segment = 0; segment < SegmentTask.Segments; segment++)
            {
                // Mean |coordinate mean| over the segment: ≈ the amplitude in the class's segment, ≈ 0 elsewhere.
                double strength = Enumerable.Range(0, SegmentTask.SegmentWidth)
                    .Average(i => Math.Abs(members.Average(n => task.Inputs[(n * SegmentTask.Dim) + (segment * SegmentTask.SegmentWidth) + i])));
                if (segment == c)
                {
                    Assert.InRange(strength, 1.7, 2.3);
                }
                else
                {
                    Assert.InRange(strength, 0, 0.3);
                }
            }
        }
    }

    [Fact]
    public void The_layer_learns_the_task_and_records_every_epoch()
    {
        var settings = new SyntheticSettings(Epochs: 3, TrainExamples: 512, TestExamples: 256, BatchSize: 32, LearningRate: 3e-3, Signal: 2.0);
        var r = SyntheticTraining.Run(settings, seed: 1)!;
        Assert.Equal([0, 1, 2, 3], r.Epochs.Select(e => e.Epoch));
        Assert.True(r.Epochs[^1].TestAccuracy > 0.6, $"accuracy {r.Epochs[^1].TestAccuracy} after 3 epochs (chance 0.125)");
        Assert.All(r.Epochs, e => Assert.InRange(e.Ele, 0, 1));
        Assert.Equal(SegmentTask.Segments, r.SegmentExperts.Count);
        Assert.All(r.SegmentExperts, row => Assert.Equal(1.0, row.Sum(), 9));
        Assert.Equal(r, SyntheticTraining.Run(settings, seed: 1), new SyntheticComparer());
    }

    private sealed class SyntheticComparer : IEqualityComparer<SliceMoE.Reproduction.Execution.SyntheticResult?>
    {
        public bool Equals(SliceMoE.Reproduction.Execution.SyntheticResult? x, SliceMoE.Reproduction.Execution.SyntheticResult? y) =>
            x!.Epochs.SequenceEqual(y!.Epochs) && x.SegmentExperts.Zip(y.SegmentExperts).All(p => p.First.SequenceEqual(p.Second));

        public int GetHashCode(SliceMoE.Reproduction.Execution.SyntheticResult? obj) => 0;
    }
}
