namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// The three absolute discounts of modified Kneser-Ney for one order (Chen &amp; Goodman 1998, eq. 26):
/// <see cref="D1"/> for n-grams seen once, <see cref="D2"/> twice, <see cref="D3Plus"/> three or more times.
/// </summary>
/// <param name="D1">Discount subtracted from a count of 1, in (0, 1].</param>
/// <param name="D2">Discount subtracted from a count of 2, in (0, 2].</param>
/// <param name="D3Plus">Discount subtracted from a count of 3 or more, in (0, 3].</param>
public sealed record KneserNeyDiscounts(double D1, double D2, double D3Plus)
{
    // The fallback scale for Y = n1 / (n1 + 2 n2) when n1 or n2 is zero (tiny corpora); 0.5 is Y when n1 = 2 n2,
    // close to what natural-language count-of-counts give.
    private const double FallbackY = 0.5;

    // A discount must stay strictly positive (else a history could leave no mass for the lower order and a token
    // would get probability 0) and at most its count (else the sum over the vocabulary would exceed 1).
    private const double MinDiscount = 0.05;

    /// <summary>The discount for an n-gram seen <paramref name="count"/> (≥ 1) times.</summary>
    public double For(long count) => count switch
    {
        1 => D1,
        2 => D2,
        _ => D3Plus,
    };

    /// <summary>
    /// Estimates the discounts from count-of-counts <paramref name="n1"/>..<paramref name="n4"/> (how many distinct
    /// n-grams have count 1, 2, 3, 4): Y = n1/(n1+2n2), D_i = i − (i+1)·Y·n_{i+1}/n_i. Where a count-of-count is zero
    /// (tiny corpora) the estimate is undefined; then Y falls back to 0.5 and D_i to i·Y, and every D_i is clamped
    /// to [0.05, i] so that the model stays a proper, everywhere-positive distribution.
    /// </summary>
    public static KneserNeyDiscounts Estimate(long n1, long n2, long n3, long n4)
    {
        double y = n1 > 0 && n2 > 0 ? n1 / (double)(n1 + (2 * n2)) : FallbackY;
        return new KneserNeyDiscounts(One(1, n1, n2, y), One(2, n2, n3, y), One(3, n3, n4, y));
    }

    private static double One(int i, long ni, long nNext, double y)
    {
        double d = ni > 0 ? i - ((i + 1) * y * nNext / ni) : i * y;
        return Math.Clamp(d, MinDiscount, i);
    }
}
