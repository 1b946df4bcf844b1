using SliceMoE.Layers;
using SliceMoE.Moe;
using SliceMoE.Moe.Routing;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Tests.Moe.Routing;

public class RoutingTests
{
    [Fact]
    public void Top_k_breaks_ties_toward_the_lower_expert()
    {
        var plan = new RoutingPlan<double>();
        Selectors.TopK<double>([0.1, 0.3, 0.3, 0.3, 0.5, 0.5, 0.0, 0.0], 2, 4, 2, plan);
        Assert.Equal([1, 2, 0, 1], plan.Expert.ToArray());
    }

    [Fact]
    public void Seq_top_k_takes_exactly_the_budget_of_largest_scores_per_sequence()
    {
        var rng = new Rng(1);
        int rows = 12, e = 5, perSeq = 6, budget = 12;
        var scores = Enumerable.Range(0, rows * e).Select(_ => rng.NextDouble()).ToArray();
        var plan = new RoutingPlan<double>();
        Selectors.SequenceTopK<double>(scores, rows, e, perSeq, budget, 0, e, plan, new SelectorWorkspace<double>());
        for (int q = 0; q < 2; q++)
        {
            var seq = scores.Skip(q * perSeq * e).Take(perSeq * e).OrderByDescending(v => v).ToArray();
            double threshold = seq[budget - 1];
            int chosen = 0;
            for (int r = q * perSeq; r < (q + 1) * perSeq; r++)
            {
                for (int i = plan.RowStart[r]; i < plan.RowStart[r + 1]; i++)
                {
                    Assert.True(plan.RawGate[i] >= threshold);
                    chosen++;
                }
            }

            Assert.Equal(budget, chosen);
        }
    }

    [Fact]
    public void Seq_top_k_respects_its_floor_and_cap()
    {
        // One row dominates every score: without a cap it would take all 4 experts; the floor gives every row one.
        int rows = 4, e = 4;
        var scores = new double[rows * e];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = i < e ? 0.9 - (i * 0.01) : 0.01 * i;
        }

        var plan = new RoutingPlan<double>();
        Selectors.SequenceTopK<double>(scores, rows, e, rows, 8, 1, 2, plan, new SelectorWorkspace<double>());
        for (int r = 0; r < rows; r++)
        {
            int n = plan.RowStart[r + 1] - plan.RowStart[r];
            Assert.InRange(n, 1, 2);
        }

        Assert.Equal(8, plan.CandidateCount);
    }

    [Fact]
    public void Expert_choice_gives_every_expert_its_capacity()
    {
        var rng = new Rng(2);
        int rows = 10, e = 4;
        var scores = Enumerable.Range(0, rows * e).Select(_ => rng.NextDouble()).ToArray();
        var plan = new RoutingPlan<double>();
        Selectors.ExpertChoice<double>(scores, rows, e, rows, 3, plan, new SelectorWorkspace<double>());
        plan.ComputeGates(false);
        plan.BuildDispatch();
        Assert.All(plan.Counts(), c => Assert.Equal(3, c));
    }

    [Fact]
    public void Cross_slice_dropout_keeps_one_per_slice_renormalises_and_does_not_count_dropped()
    {
        var config = new MoeConfig { ModelDim = 32, Slices = 4, Experts = 6, TopK = 3, ExpertHidden = 8, RouterHidden = 8, SliceDropout = 0.6 };
        var (store, layer) = MoeTestLayers.Create<double>(config, 3);
        using (store)
        using (layer)
        {
            using var x = MoeTestLayers.Random<double>(new Rng(3), 1, 50, 32);
            using var y = new Tensor<double>(50, 32);
            var report = layer.Forward(x, y, MoeTestLayers.Training(4));
            var plan = layer.Plan;
            for (int r = 0; r < plan.Rows; r++)
            {
                double sum = 0;
                int kept = 0;
                for (int i = plan.RowStart[r]; i < plan.RowStart[r + 1]; i++)
                {
                    if (plan.Active[i])
                    {
                        sum += plan.Gate[i];
                        kept++;
                    }
                }

                Assert.True(kept >= 1);
                Assert.Equal(1.0, sum, 12);
            }

            Assert.True(report.Statistics.DroppedByDropout > 0);
            Assert.Equal(200 * 3 - report.Statistics.DroppedByDropout, report.Statistics.Counts.Sum());

            var eval = layer.Forward(x, y, ForwardContext.Evaluation);
            Assert.Equal(0, eval.Statistics.DroppedByDropout);
        }
    }

    [Fact]
    public void Capacity_drops_second_choices_before_first_choices()
    {
        // Every row prefers expert 0 then expert 1; capacity 2 per expert.
        var plan = new RoutingPlan<double>();
        var scores = new double[] { 0.6, 0.3, 0.1, 0.6, 0.3, 0.1, 0.6, 0.3, 0.1 };
        Selectors.TopK<double>(scores, 3, 3, 2, plan);
        plan.ComputeGates(false);
        var counts = new int[3 * 3];
        plan.CountActiveByLevel(counts, 3);
        Assert.Equal([3, 0, 0, 0, 3, 0, 0, 0, 0], counts);
        plan.ApplyCapacity(CapacityAllowance.Of(counts, 3, 2, group: null));
        plan.BuildDispatch();
        Assert.Equal([true, true, true, true, false, false], plan.Active.ToArray());
        Assert.Equal(2, plan.DroppedByCapacity);
    }

    [Fact]
    public void Load_statistics_have_the_textbook_values()
    {
        Assert.Equal(1.0, RoutingStatistics.ExpertLoadEntropy([4, 4, 4, 4]), 12);
        Assert.Equal(0.0, RoutingStatistics.ExpertLoadEntropy([8, 0, 0, 0]), 12);
        Assert.Equal(0.0, RoutingStatistics.CvSquared([4.0, 4, 4, 4]), 12);
        Assert.Equal(3.0, RoutingStatistics.CvSquared([8.0, 0, 0, 0]), 9);
        var s = RoutingStatistics.FromCounts([6, 2, 0, 0], 0.1, 8, 0, 0, 0);
        Assert.Equal(2, s.DeadExperts);
        Assert.Equal(3.0, s.MaxOverMeanLoad, 12);
        Assert.Equal(0.1 * s.Cv2Counts, s.CapacityLoss, 12);
    }

    [Fact]
    public void Invalid_configurations_name_the_field_and_the_fix()
    {
        var e = Assert.Throws<ArgumentException>(() => new MoeConfig { ModelDim = 100, Slices = 8 }.Validate());
        Assert.Contains("not divisible by S = 8", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new MoeConfig { ModelDim = 64, TopK = 17 }.Validate());
        Assert.Throws<ArgumentException>(() => new MoeConfig { ModelDim = 64, SliceDropout = 1 }.Validate());
        var seq = new MoeConfig { ModelDim = 16, Slices = 2, Experts = 4, TopK = 1, ExpertHidden = 4, RouterHidden = 4, Routing = RoutingMethod.SeqTopK };
        var (store, layer) = MoeTestLayers.Create<double>(seq);
        using (store)
        using (layer)
        {
            using var x = new Tensor<double>(5, 16);
            using var y = new Tensor<double>(5, 16);
            var ex = Assert.Throws<ArgumentException>(() => layer.Forward(x, y, new MoeForwardContext(SequenceLength: 2)));
            Assert.Contains("not a multiple of the sequence length 2", ex.Message, StringComparison.Ordinal);
        }
    }
}
