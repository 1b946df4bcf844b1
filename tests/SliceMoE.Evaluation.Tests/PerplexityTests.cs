using SliceMoE.Evaluation;

namespace SliceMoE.Tests.Evaluation;

public class PerplexityTests
{
    [Fact]
    public void Perplexity_is_exp_of_mean_cross_entropy()
    {
        Assert.Equal(1, Perplexity.FromMeanCrossEntropy(0));
        Assert.Equal(25.4, Perplexity.FromMeanCrossEntropy(Math.Log(25.4)), 12);
        Assert.Equal(50257, Perplexity.FromMeanCrossEntropy(Math.Log(50257)), 8); // uniform over a GPT-2 vocabulary
        Assert.Equal(Math.Exp(2.5), Perplexity.FromTotalCrossEntropy(250, 100), 12);
    }

    [Fact]
    public void Impossible_inputs_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Perplexity.FromMeanCrossEntropy(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Perplexity.FromMeanCrossEntropy(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => Perplexity.FromTotalCrossEntropy(1, 0));
    }
}
