using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Execution;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Tests.Support;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Reproduction;

[Collection(SerialCollection.Name)]
public class LearningRateSweepTests
{
    private static readonly LearningRateFamily ClassifierSlice = new("classification", ModelKind.SliceMoe);

    [Fact]
    public void Before_the_sweep_only_its_runs_are_planned_and_every_other_variant_waits()
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Medium, ReproductionData.SampleOnly());
        var sweep = plan["lr-sweep"].Variants;
        Assert.Equal((4 + 4 + 3) * 3, sweep.Count);
        Assert.All(plan.Runs.Where(r => r.Variant != Variant.Synthetic), r => Assert.Equal(1, r.Seed));
        Assert.Equal(sweep.ToHashSet(), plan.Runs.Where(r => r.Variant != Variant.Synthetic).Select(r => r.Variant).ToHashSet());
        Assert.Contains(Variants.Slice("dbpedia"), plan.Pending);
        Assert.Contains(Variants.Slice("agnews", 2), plan.Pending);
        Assert.Equal(Variants.Token("lm"), plan.Resolve(Variants.Token("lm"))); // not chosen yet: unchanged
        Assert.Equal([1e-3, 2e-3, 4e-3], plan.SweepVariants[ClassifierSlice].Select(v => v.LearningRate!.Value));
    }

    [Fact]
    public void With_the_rates_chosen_the_best_sweep_run_is_seed_1_and_seeds_follow_the_experiments()
    {
        var data = ReproductionData.SampleOnly();
        var profile = ReproductionProfile.Medium;
        var rates = ReproductionPlan.Create(profile, data).SweepVariants.Keys.ToDictionary(f => f, f => profile.Sweep!.For(f.Task)[1]);
        var plan = ReproductionPlan.Create(profile, data, rates);
        Assert.Empty(plan.Pending);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Id).Distinct().Count());

        var slice = plan.Resolve(Variants.Slice("agnews"));
        Assert.Equal(2e-3, slice.LearningRate);
        Assert.Equal(2e-3, plan.RunsOf(Variants.Slice("agnews"))[0].Config!.LearningRate);
        Assert.Contains(slice, plan["lr-sweep"].Variants); // trained once, for both
        Assert.Equal([1, 2, 3], plan.RunsOf(Variants.Slice("dbpedia")).Select(r => r.Seed));
        Assert.Equal([1, 2, 3], plan.RunsOf(Variants.DenseParameters("lm")).Select(r => r.Seed));
        Assert.Single(plan.RunsOf(Variants.Slice("agnews", 4)));
        Assert.Single(plan.RunsOf(Variants.Slice("emotion") with { Shuffled = true }));
        Assert.Single(plan.RunsOf(Variants.Slice("mt")));
        Assert.Equal(2e-3, plan.RunsOf(Variants.Slice("agnews") with { Routing = "usmoe" })[0].Config!.LearningRate); // the family's rate
        Assert.Equal(profile.Sweep!.Translation[1], plan.RunsOf(Variants.Token("mt"))[0].Config!.LearningRate);
    }

    [Fact]
    public void The_translation_plateau_run_is_SliceMoE_at_its_familys_rate_with_the_longer_cap()
    {
        var data = ReproductionData.SampleOnly();
        var profile = ReproductionProfile.Medium;
        var before = ReproductionPlan.Create(profile, data);
        Assert.Contains(Variants.Slice("mt") with { Steps = 4000 }, before.Pending); // waits for the sweep like the rest

        var rates = before.SweepVariants.Keys.ToDictionary(f => f, f => profile.Sweep!.For(f.Task)[2]);
        var plan = ReproductionPlan.Create(profile, data, rates);
        var run = Assert.Single(plan.RunsOf(Variants.Slice("mt") with { Steps = 4000 }));
        Assert.Equal("mt-slicemoe-S8-steps4000-lr0.003-seed1", run.Id);
        Assert.Equal(4000, run.Config!.Steps);
        Assert.Equal(profile.Sweep!.Translation[2], run.Config.LearningRate);
        Assert.Equal(profile.Translation.Patience, run.Config.Patience);
        Assert.Same(run, plan.Runs[^1]); // after every seed of the comparisons
        Assert.Equal(1200, plan.RunsOf(Variants.Slice("mt"))[0].Config!.Steps); // the comparison keeps the profile's cap
        Assert.DoesNotContain(ReproductionPlan.Create(ReproductionProfile.Quick, data).Runs, r => r.Variant.Steps is not null);
    }

    [Fact]
    public void The_best_validation_score_wins_and_ties_go_to_the_earlier_rate()
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Medium, ReproductionData.SampleOnly());
        var variants = plan.SweepVariants[ClassifierSlice];
        var results = new Dictionary<string, RunResult>
        {
            [variants[0].RunId(1)] = Result("classification", accuracy: 0.7, loss: 1),
            [variants[1].RunId(1)] = Result("classification", accuracy: 0.8, loss: 1),
            [variants[2].RunId(1)] = Result("classification", accuracy: 0.8, loss: 0.5),
        };
        var chosen = LearningRateChoice.Choose(plan, results);
        Assert.Equal(2e-3, chosen[ClassifierSlice]);
        Assert.Single(chosen); // the other families' sweeps are not finished

        var lm = plan.SweepVariants[new("lm", ModelKind.TokenMoe)];
        foreach (var (v, loss) in lm.Zip(new[] { 5.0, double.NaN, 4.5 }))
        {
            results[v.RunId(1)] = Result("lm", accuracy: 0.9, loss: loss);
        }

        Assert.Equal(4e-3, LearningRateChoice.Choose(plan, results)[new("lm", ModelKind.TokenMoe)]);
    }

    [Fact]
    public void A_reproduction_with_a_sweep_plans_again_once_the_sweep_is_done_and_finishes()
    {
        using var dir = new TempDirectory();
        var profile = ReproductionProfile.Micro with
        {
            Seeds = 1,
            Sweep = new LearningRateSweep([1e-3, 3e-3], [3e-3], [3e-3]),
        };
        var plan = ReproductionPlan.Create(profile, ReproductionData.SampleOnly());
        var reproducer = new Reproducer(plan, TaskDatasets.WithoutCache, dir.Path);
        var outcome = reproducer.Run("test");
        Assert.True(outcome.Complete);
        Assert.Empty(reproducer.Plan.Pending);
        Assert.Equal(reproducer.Plan.Runs.Count, outcome.Results.Count);
        double chosen = reproducer.Plan.LearningRates[ClassifierSlice];
        Assert.Contains(chosen, profile.Sweep.Classification);
        var dbpedia = outcome.Results[reproducer.Plan.Resolve(Variants.Slice("dbpedia")).RunId(1)];
        Assert.Equal(chosen, RunConfigs.Config(dbpedia.Overrides).LearningRate);
        Assert.Contains("Learning-rate sweep", File.ReadAllText(Path.Combine(dir.Path, "report.md")), StringComparison.Ordinal);
    }

    private static RunResult Result(string task, double accuracy, double loss) => new()
    {
        Id = "x", Variant = "x", Label = "x", Role = "x", Task = task, Seed = 1, Overrides = [],
        Validation = new SplitMetrics(loss, accuracy, null, double.NaN, double.NaN, 1, []),
    };
}
