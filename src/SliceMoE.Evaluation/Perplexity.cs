namespace SliceMoE.Evaluation;

/// <summary>Perplexity from token-level cross-entropy in nats (natural log), as language-model evaluation reports it.</summary>
public static class Perplexity
{
    /// <summary>exp(mean cross-entropy per token).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the cross-entropy is negative (a sign error upstream) or NaN.</exception>
    public static double FromMeanCrossEntropy(double meanNats)
    {
        if (!(meanNats >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(meanNats), meanNats, "A mean cross-entropy is a non-negative number of nats.");
        }

        return Math.Exp(meanNats);
    }

    /// <summary>exp(total cross-entropy / token count): the corpus perplexity, weighting every token equally (not every batch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When the count is not positive or the total is negative or NaN.</exception>
    public static double FromTotalCrossEntropy(double totalNats, long tokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        return FromMeanCrossEntropy(totalNats / tokens);
    }
}
