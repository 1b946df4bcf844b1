using SliceMoE.Diagnostics;

namespace SliceMoE.Tests.Diagnostics;

public class GradientCheckTests
{
    [Fact]
    public void Accepts_a_correct_gradient_and_rejects_a_wrong_one()
    {
        double[] x = [0.3, -1.2, 2.0];
        double Loss() => (x[0] * x[0]) + Math.Sin(x[1]) + (x[0] * x[2]);
        double[] right = [(2 * x[0]) + x[2], Math.Cos(x[1]), x[0]];
        Assert.True(GradientCheck.Compare("right", x, right, Loss).Passed);

        double[] wrong = [right[0], right[1] * 1.001, right[2]];
        var result = GradientCheck.Compare("wrong", x, wrong, Loss);
        Assert.False(result.Passed);
        Assert.Equal(1, result.WorstIndex);
        Assert.Equal([0.3, -1.2, 2.0], x); // restored
    }

    [Fact]
    public void Samples_coordinates_deterministically_when_there_are_many()
    {
        var x = Enumerable.Range(0, 1000).Select(i => i * 0.001).ToArray();
        var grad = x.Select(v => 2 * v).ToArray();
        double Loss() => x.Sum(v => v * v);
        var a = GradientCheck.Compare("a", x, grad, Loss, options: new GradientCheckOptions(MaxCoordinates: 20));
        var b = GradientCheck.Compare("b", x, grad, Loss, options: new GradientCheckOptions(MaxCoordinates: 20));
        Assert.Equal(20, a.Checked);
        Assert.Equal(a.WorstIndex, b.WorstIndex);
        Assert.True(a.Passed, a.ToString());
    }
}
