using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Plan;
using SliceMoE.Training;

namespace SliceMoE.Tests.Reproduction;

public class PlanTests
{
    /// <summary>Every table and figure of the paper, and the comparisons the issue adds.</summary>
    private static readonly string[] Required =
        ["table1", "table2", "figure1", "figure2", "figure3", "figure4", "figure5", "figure6", "figure7", "lm", "mt", "routers", "specialisation"];

    public static TheoryData<string> Profiles => new() { "quick", "full", "micro" };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_profile_covers_every_table_and_figure(string name)
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Named(name), ReproductionData.SampleOnly());
        foreach (string key in Required)
        {
            var experiment = plan[key];
            Assert.NotEmpty(experiment.Variants);
            foreach (var v in experiment.Variants)
            {
                Assert.Equal(plan.Profile.Seeds, plan.RunsOf(v).Count);
            }
        }

        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Id).Distinct().Count());
        Assert.All(plan.Runs, r => Assert.Contains(r.Variant, plan.Experiments.SelectMany(e => e.Variants)));
    }

    [Fact]
    public void Quick_runs_one_seed_and_full_runs_the_papers_three_with_every_slice_count()
    {
        var data = ReproductionData.SampleOnly();
        var quick = ReproductionPlan.Create(ReproductionProfile.Quick, data);
        var full = ReproductionPlan.Create(ReproductionProfile.Full, data);
        Assert.Equal([1], quick.Seeds);
        Assert.Equal([1, 2, 3], full.Seeds);
        foreach (var plan in new[] { quick, full })
        {
            Assert.Equal([2, 4, 8, 16, 32], plan["table2"].Variants.Where(v => v.Role == "lm").Select(v => v.Slices));
            Assert.Equal([0.25, 0.5, 1.0, 2.0, 4.0], plan["figure5"].Variants.Select(v => v.Temperature));
        }

        Assert.Equal(3 * quick.Runs.Count(r => r.Variant.Role == "mt"), full.Runs.Count(r => r.Variant.Role == "mt"));
        Assert.True(full.Runs.Count(r => r.Variant.Routing != "topk") > quick.Runs.Count(r => r.Variant.Routing != "topk"), "full runs the other routers on every data set");
    }

    [Fact]
    public void Runs_go_seed_by_seed_so_an_interrupted_reproduction_already_covers_everything_once()
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro, ReproductionData.SampleOnly());
        var seeds = plan.Runs.Select(r => r.Seed).ToArray();
        Assert.Equal(seeds.Order(), seeds);
        Assert.Equal(plan.Runs.Count / 2, seeds.Count(s => s == 1));
    }

    [Fact]
    public void Analyses_go_to_the_runs_that_need_them()
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Micro, ReproductionData.SampleOnly());
        var analysed = plan.Runs.Where(r => r.Analyses.HasFlag(RunAnalyses.NoiseSweep)).Select(r => r.Variant).Distinct().ToArray();
        Assert.Equal([Variants.Slice("agnews"), Variants.Token("agnews")], analysed);
        Assert.Equal(analysed, plan.Runs.Where(r => r.Analyses.HasFlag(RunAnalyses.Specialisation)).Select(r => r.Variant).Distinct());
        Assert.All(plan.Runs.Where(r => r.Variant.Role == "mt"), r => Assert.True(r.Analyses.HasFlag(RunAnalyses.Bleu)));
        Assert.All(plan.Runs.Where(r => r.Variant.Role != "mt"), r => Assert.False(r.Analyses.HasFlag(RunAnalyses.Bleu)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Configs_realise_each_variant_and_match_flops_and_parameters(string name)
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Named(name), ReproductionData.SampleOnly());
        foreach (string role in new[] { "agnews", "lm", "mt" })
        {
            var slice = Config(plan, Variants.Slice(role));
            var token = Config(plan, Variants.Token(role));
            var flops = Config(plan, Variants.DenseFlops(role));
            Assert.Equal(("slicemoe", 8), (slice.Layer, slice.Slices));
            Assert.Equal("tokenmoe", token.Layer);
            Assert.Equal(("dense", null), (flops.Layer, flops.DenseHidden));

            // Same expert matrix-multiply FLOPs per token: 16 d² for S·k experts of 4d/k hidden, and for a dense 4d FFN.
            var (sliceParams, _) = RunConfigs.FeedForwardSize(slice);
            long routerFlopsSlice = 2L * 8 * ((slice.Dim / 8 * slice.RouterHidden) + (slice.RouterHidden * slice.Experts));
            Assert.Equal(RunConfigs.FeedForwardSize(flops).FlopsPerToken, RunConfigs.FeedForwardSize(slice).FlopsPerToken - routerFlopsSlice, 6);
            if (role != "mt")
            {
                var dense = Config(plan, Variants.DenseParameters(role));
                long denseParams = RunConfigs.FeedForwardSize(dense).Parameters;
                Assert.InRange(Math.Abs(denseParams - sliceParams), 0, (2 * dense.Dim) + 1); // within one hidden unit
            }
        }

        var shuffled = RunConfigs.Config(plan.Profile, plan.Data, Variants.Slice("agnews") with { Shuffled = true, Temperature = 0.5, Routing = "usmoe" }, 2);
        Assert.Equal(("shuffled", 0.5, "usmoe", 2UL), (shuffled.SliceLayout, shuffled.Temperature, shuffled.Routing, shuffled.Seed));
        Assert.True(Config(plan, Variants.Slice("agnews") with { FrozenEncoder = true }).FreezeEncoder);
        Assert.Equal(0.1, Config(plan, Variants.Slice("mt")).LabelSmoothing);
        Assert.Equal(0.1, Config(plan, Variants.Slice("lm")).CapacityAlpha);
        Assert.Equal(0.05, Config(plan, Variants.Slice("agnews")).CapacityAlpha);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_overrides_a_result_records_make_the_runs_config(string name)
    {
        var plan = ReproductionPlan.Create(ReproductionProfile.Named(name), ReproductionData.SampleOnly());
        Assert.All(plan.Runs.Where(r => r.Task != "synthetic"), r => Assert.Equal(r.Config, RunConfigs.Config(r.Overrides)));
    }

    [Fact]
    public void Variant_keys_name_what_differs_from_the_defaults()
    {
        Assert.Equal("agnews-slicemoe-S8-seed1", Variants.Slice("agnews").RunId(1));
        Assert.Equal("lm-slicemoe-S16", Variants.Slice("lm", 16).Key);
        Assert.Equal("agnews-slicemoe-S8-expert-choice-shuffled-tau0.25-frozen", (Variants.Slice("agnews") with { Routing = "expert_choice", Shuffled = true, Temperature = 0.25, FrozenEncoder = true }).Key);
        Assert.Equal("mt-dense-params-seed3", Variants.DenseParameters("mt").RunId(3));
        Assert.Equal("synthetic-seed2", Variant.Synthetic.RunId(2));
    }

    [Fact]
    public void Paper_files_replace_their_substitutes_and_missing_ones_fall_back_to_the_sample()
    {
        using var dir = new Support.TempDirectory();
        string csv = dir.File("ag.csv");
        File.WriteAllText(csv, "\"1\",\"t\",\"x\"\n");
        var data = ReproductionData.Resolve(new PaperFiles(AgNews: csv), new SliceMoE.Data.Fetching.DataCache(dir.Path));
        Assert.Equal($"agnews:{csv}", data["agnews"].Spec);
        Assert.True(data["agnews"].IsPaperData);
        Assert.Equal(("sample", DataSourceKind.Sample), (data["dbpedia"].Spec, data["dbpedia"].Kind));
        Assert.Contains("wordnet is not fetched", data["dbpedia"].Note, StringComparison.Ordinal);
        Assert.False(data.Glove);
        Assert.Throws<FileNotFoundException>(() => ReproductionData.Resolve(new PaperFiles(Wmt: dir.File("missing.tsv")), new SliceMoE.Data.Fetching.DataCache(dir.Path)));
    }

    private static TrainingConfig Config(ReproductionPlan plan, Variant v) => plan.RunsOf(v)[0].Config!;
}
