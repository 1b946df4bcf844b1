using SliceMoE.Evaluation;
using SliceMoE.Reporting;
using SliceMoE.Reproduction.Claims;

namespace SliceMoE.Tests.Reproduction;

public class VerdictRulesTests
{
    [Theory]
    [InlineData(0.025, Verdict.Reproduced)] // inside the paper's 2-4 pp
    [InlineData(0.010, Verdict.Reproduced)] // half the paper's lower end: the rough size holds
    [InlineData(0.009, Verdict.Partly)] // right direction, too small
    [InlineData(0.0, Verdict.NotReproduced)]
    [InlineData(-0.02, Verdict.NotReproduced)]
    [InlineData(double.NaN, Verdict.NotApplicable)]
    public void Improvements_need_the_direction_and_half_the_size(double difference, Verdict expected) =>
        Assert.Equal(expected, VerdictRules.Improvement(difference, 0.02));

    [Fact]
    public void A_claimed_significance_must_hold_when_it_can_be_tested()
    {
        var significant = Statistics.WelchTTest([0.90, 0.91, 0.92], [0.86, 0.87, 0.88]);
        var noisy = Statistics.WelchTTest([0.90, 0.80, 0.99], [0.86, 0.97, 0.78]);
        Assert.True(significant.PValue < 0.05);
        Assert.False(noisy.PValue < 0.05);
        Assert.Equal(Verdict.Reproduced, VerdictRules.Improvement(0.04, 0.02, significant, needsSignificance: true));
        Assert.Equal(Verdict.Partly, VerdictRules.Improvement(0.04, 0.02, noisy, needsSignificance: true));
        Assert.Equal(Verdict.Reproduced, VerdictRules.Improvement(0.04, 0.02, noisy, needsSignificance: false));
        Assert.Equal(Verdict.Reproduced, VerdictRules.Improvement(0.04, 0.02, null, needsSignificance: true)); // one seed: no test to fail
    }

    [Theory]
    [InlineData(0.96, Verdict.Reproduced)]
    [InlineData(0.93, Verdict.Reproduced)]
    [InlineData(0.92, Verdict.Partly)]
    [InlineData(0.85, Verdict.Partly)]
    [InlineData(0.84, Verdict.NotReproduced)]
    [InlineData(double.NaN, Verdict.NotApplicable)]
    public void Near_optimal_ele_allows_a_small_tolerance_below_the_papers_range(double ele, Verdict expected) =>
        Assert.Equal(expected, VerdictRules.NearOptimalEle(ele));

    [Theory]
    [InlineData(0.0, Verdict.Reproduced)]
    [InlineData(-0.02, Verdict.Reproduced)] // more accurate under noise is still stable
    [InlineData(0.01, Verdict.Reproduced)]
    [InlineData(0.02, Verdict.Partly)]
    [InlineData(0.031, Verdict.NotReproduced)]
    public void Stability_is_judged_by_the_largest_drop(double drop, Verdict expected) =>
        Assert.Equal(expected, VerdictRules.Stable(drop));

    [Fact]
    public void A_peak_must_be_at_the_claimed_point_or_near_the_best()
    {
        double[] s = [2, 4, 8, 16, 32];
        Assert.Equal(Verdict.Reproduced, VerdictRules.PeakAt(s, [0.86, 0.87, 0.88, 0.875, 0.864], 8, true, 0.01));
        Assert.Equal(Verdict.Partly, VerdictRules.PeakAt(s, [0.86, 0.885, 0.88, 0.875, 0.864], 8, true, 0.01));
        Assert.Equal(Verdict.NotReproduced, VerdictRules.PeakAt(s, [0.90, 0.87, 0.88, 0.875, 0.864], 8, true, 0.01));
        Assert.Equal(Verdict.Reproduced, VerdictRules.PeakAt(s, [26.8, 26.0, 25.4, 25.7, 26.1], 8, false, 0.3));
        Assert.Equal(Verdict.NotApplicable, VerdictRules.PeakAt(s, [26.8, double.NaN, 25.4, 25.7, 26.1], 8, false, 0.3));
        Assert.Equal(Verdict.NotApplicable, VerdictRules.PeakAt([2, 4], [1, 2], 8, true, 0.1));
    }

    [Fact]
    public void Claims_over_several_data_sets_combine()
    {
        Assert.Equal(Verdict.Reproduced, VerdictRules.Combine([Verdict.Reproduced, Verdict.Reproduced, Verdict.NotApplicable]));
        Assert.Equal(Verdict.NotReproduced, VerdictRules.Combine([Verdict.NotReproduced, Verdict.NotReproduced]));
        Assert.Equal(Verdict.Partly, VerdictRules.Combine([Verdict.Reproduced, Verdict.NotReproduced]));
        Assert.Equal(Verdict.Partly, VerdictRules.Combine([Verdict.Partly, Verdict.Partly]));
        Assert.Equal(Verdict.NotApplicable, VerdictRules.Combine([Verdict.NotApplicable]));
        Assert.Equal(Verdict.NotApplicable, VerdictRules.Combine([]));
    }

    [Fact]
    public void The_paper_numbers_are_the_papers()
    {
        Assert.Equal(0.88, PaperResults.Table1["agnews"].Accuracy.Value);
        Assert.Equal(1.36, PaperResults.Table1["emotion"].Loss.Value);
        Assert.Equal(25.4, PaperResults.Table2[8].Perplexity.Value);
        Assert.Equal((25.4, 29.1, 31.0), (PaperResults.Perplexity.SliceMoe.Value, PaperResults.Perplexity.TokenMoe.Value, PaperResults.Perplexity.Dense.Value));
        Assert.Equal((29.8, 28.2, 27.6), (PaperResults.Bleu.SliceMoe.Value, PaperResults.Bleu.TokenMoe.Value, PaperResults.Bleu.Dense.Value));
        Assert.Equal((0.72, 0.55), (PaperResults.Ess.SliceMoe.Value, PaperResults.Ess.TokenMoe.Value));
        Assert.Equal([2, 4, 8, 16, 32], PaperResults.Table2.Keys.Order());
        Assert.All(PaperResults.Table2.Values, v => Assert.StartsWith("Table 2", v.Accuracy.Source, StringComparison.Ordinal));
    }
}
