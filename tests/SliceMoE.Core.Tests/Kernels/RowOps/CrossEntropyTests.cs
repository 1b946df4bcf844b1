using SliceMoE.Diagnostics;
using SliceMoE.Kernels.RowOps;
using SliceMoE.Numerics;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Kernels.RowOps;

public class CrossEntropyTests
{
    [Fact]
    public void Fast_loss_and_gradient_match_the_reference_for_every_class_count_up_to_256()
    {
        var rng = new Rng(40);
        for (int classes = 1; classes <= 256; classes++)
        {
            int rows = 5;
            var logits = TestData.Uniform(rng, rows * classes, 8f);
            var targets = Enumerable.Range(0, rows).Select(r => r == 2 ? -100 : rng.NextInt(classes)).ToArray();
            var d = new float[rows * classes];
            var (loss, count) = CrossEntropy.ForwardBackward<float>(logits, targets, d, rows, classes, labelSmoothing: 0.1, lossScale: 2.0);
            var wide = TestData.Widen(logits);
            var (refSum, refCount) = RowOpsReference.CrossEntropy<double>(wide, targets, rows, classes, 0.1, -100);
            Assert.Equal(refCount, count);
            Assert.Equal(refSum / refCount, loss, 1e-5);
            var expected = new double[rows * classes];
            RowOpsReference.CrossEntropyBackward<double>(wide, targets, expected, rows, classes, 0.1, -100, 2.0 / refCount, false);
            Tolerance.AssertClose(d, expected, 1e-5, 1e-7, $"dlogits classes={classes}");
            Assert.All(d.AsSpan(2 * classes, classes).ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Gradient_passes_finite_differences_with_smoothing_and_ignored_rows()
    {
        var rng = new Rng(41);
        int rows = 4, classes = 6;
        var logits = TestData.UniformDouble(rng, rows * classes, 3);
        int[] targets = [1, -100, 5, 0];
        var d = new double[rows * classes];
        CrossEntropy.ForwardBackward<double>(logits, targets, d, rows, classes, labelSmoothing: 0.2);
        double Loss() => CrossEntropy.Forward<double>(logits, targets, rows, classes, labelSmoothing: 0.2).Loss;
        var r = GradientCheck.Compare("cross-entropy", logits, d, Loss);
        Assert.True(r.Passed, r.ToString());
    }

    [Fact]
    public void Known_value_and_bad_targets()
    {
        // Uniform logits over 4 classes: loss = log 4.
        var (loss, count) = CrossEntropy.Forward<float>(new float[8], [0, 3], 2, 4);
        Assert.Equal(Math.Log(4), loss, 1e-6);
        Assert.Equal(2, count);
        var e = Assert.Throws<ArgumentException>(() => CrossEntropy.Forward<float>(new float[8], [0, 4], 2, 4));
        Assert.Contains("targets[1] = 4", e.Message, StringComparison.Ordinal);
    }
}
