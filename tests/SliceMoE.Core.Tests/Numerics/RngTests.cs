using SliceMoE.Numerics;

namespace SliceMoE.Tests.Numerics;

public class RngTests
{
    [Fact]
    public void Same_seed_same_sequence_and_state_round_trips()
    {
        var a = new Rng(7);
        var b = new Rng(7);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }

        a.NextGaussian();
        var state = a.GetState();
        var expected = Enumerable.Range(0, 5).Select(_ => a.NextGaussian()).ToArray();
        var c = new Rng(1);
        c.SetState(state);
        Assert.Equal(expected, Enumerable.Range(0, 5).Select(_ => c.NextGaussian()).ToArray());
    }

    [Fact]
    public void Distributions_have_the_right_moments()
    {
        var rng = new Rng(3);
        const int n = 200_000;
        double sum = 0, sq = 0, u = 0;
        var counts = new int[7];
        for (int i = 0; i < n; i++)
        {
            double g = rng.NextGaussian();
            sum += g;
            sq += g * g;
            u += rng.NextDouble();
            counts[rng.NextInt(7)]++;
        }

        Assert.InRange(sum / n, -0.01, 0.01);
        Assert.InRange(sq / n, 0.98, 1.02);
        Assert.InRange(u / n, 0.495, 0.505);
        Assert.All(counts, c => Assert.InRange(c, (n / 7) * 0.97, (n / 7) * 1.03));
        Assert.NotEqual(new Rng(3).Fork(1).NextUInt64(), new Rng(3).Fork(2).NextUInt64());
    }
}
