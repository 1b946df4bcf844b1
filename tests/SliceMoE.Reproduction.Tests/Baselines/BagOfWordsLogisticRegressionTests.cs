using SliceMoE.Numerics;
using SliceMoE.Reproduction.Baselines;

namespace SliceMoE.Tests.Reproduction.Baselines;

public class BagOfWordsLogisticRegressionTests
{
    [Theory]
    [InlineData(BagOfWordsFeatures.LogCount, 0.0)]
    [InlineData(BagOfWordsFeatures.Binary, 0.3)]
    public void The_gradient_matches_finite_differences(BagOfWordsFeatures features, double l2)
    {
        const int vocabulary = 7, classes = 3;
        var examples = RandomExamples(12, vocabulary, classes, length: 5, seed: 4);
        var data = SparseBagOfWords.Build(examples, vocabulary, classes, features, "examples");
        var rng = new Rng(8);
        var theta = Enumerable.Range(0, SoftmaxObjective.ParameterCount(vocabulary, classes)).Select(_ => rng.NextGaussian() * 0.5).ToArray();
        var gradient = new double[theta.Length];
        SoftmaxObjective.Evaluate(data, vocabulary, classes, l2, theta, gradient);
        var scratch = new double[theta.Length];
        const double h = 1e-6;
        for (int p = 0; p < theta.Length; p++)
        {
            var plus = (double[])theta.Clone();
            var minus = (double[])theta.Clone();
            plus[p] += h;
            minus[p] -= h;
            double numeric = (SoftmaxObjective.Evaluate(data, vocabulary, classes, l2, plus, scratch) - SoftmaxObjective.Evaluate(data, vocabulary, classes, l2, minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[p]) < 1e-7, $"parameter {p}: analytic {gradient[p]}, numeric {numeric}");
        }

        // Without the penalty the objective is the plain mean cross-entropy.
        if (l2 == 0)
        {
            Assert.Equal(SoftmaxObjective.Evaluate(data, vocabulary, classes, 0, theta, scratch), SoftmaxObjective.Loss(data, vocabulary, classes, theta), 12);
        }
    }

    [Fact]
    public void A_linearly_separable_problem_is_learnt_perfectly()
    {
        // Class c's sequences draw from tokens 4c..4c+3 only, plus shared noise tokens 12..15.
        var rng = new Rng(2);
        var all = Enumerable.Range(0, 300).Select(_ =>
        {
            int c = rng.NextInt(3);
            int[] ids = [.. Enumerable.Range(0, 6).Select(k => k % 2 == 0 ? (4 * c) + rng.NextInt(4) : 12 + rng.NextInt(4))];
            return (ids, c);
        }).ToArray();
        var model = BagOfWordsLogisticRegression.Train(all[..200], all[200..], vocabularySize: 16, classes: 3);
        Assert.Equal(1.0, model.Accuracy(all[..200]));
        Assert.Equal(1.0, model.Accuracy(all[200..]));
    }

    [Fact]
    public void A_label_fixed_by_one_word_is_learnt()
    {
        // Random sequences over 500 tokens; the label is 1 exactly when token 42 occurs (about half the time).
        var rng = new Rng(6);
        var all = Enumerable.Range(0, 1200).Select(n =>
        {
            var ids = Enumerable.Range(0, 10).Select(_ => rng.NextInt(500)).Where(t => t != 42).ToList();
            bool positive = n % 2 == 0;
            if (positive)
            {
                ids.Insert(rng.NextInt(ids.Count + 1), 42);
            }

            return (ids.ToArray(), positive ? 1 : 0);
        }).ToArray();
        var model = BagOfWordsLogisticRegression.Train(all[..800], all[800..1000], vocabularySize: 500, classes: 2);
        Assert.True(model.Accuracy(all[1000..]) >= 0.99, $"test accuracy {model.Accuracy(all[1000..])}");
        Assert.True(model.Weight(42, 1) - model.Weight(42, 0) > 1, $"weights of token 42: {model.Weight(42, 0)}, {model.Weight(42, 1)}");
        Assert.Contains(model.L2, BagOfWordsOptions.DefaultL2Grid);
        Assert.Equal(BagOfWordsOptions.DefaultL2Grid, model.Grid.Select(g => g.L2));
        Assert.Equal(1.0, model.Probabilities(all[1000].Item1).Sum(), 12);
    }

    [Fact]
    public void Training_is_deterministic_bit_for_bit()
    {
        var examples = RandomExamples(400, 300, 5, length: 12, seed: 12);
        var options = new BagOfWordsOptions(L2Grid: [1e-4, 1e-2], MaxIterations: 40);
        var a = BagOfWordsLogisticRegression.Train(examples[..300], examples[300..], 300, 5, options);
        var b = BagOfWordsLogisticRegression.Train(examples[..300], examples[300..], 300, 5, options);
        Assert.Equal(a.L2, b.L2);
        Assert.True(a.Parameters().AsSpan().SequenceEqual(b.Parameters()));
        Assert.Equal(a.Grid, b.Grid);
    }

    [Fact]
    public void The_l2_with_the_best_validation_accuracy_is_chosen()
    {
        var examples = RandomExamples(300, 50, 3, length: 8, seed: 1);
        var model = BagOfWordsLogisticRegression.Train(examples[..200], examples[200..], 50, 3, new BagOfWordsOptions(L2Grid: [1e-3, 1e-1, 10]));
        double best = model.Grid.Max(g => g.ValidationAccuracy);
        var chosen = model.Grid.Single(g => g.L2 == model.L2);
        Assert.Equal(best, chosen.ValidationAccuracy);
        Assert.Equal(chosen.ValidationAccuracy, model.Accuracy(examples[200..]));
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var examples = RandomExamples(10, 5, 2, length: 3, seed: 1);
        Assert.Throws<ArgumentException>(() => BagOfWordsLogisticRegression.Train(examples, [], 5, 2));
        Assert.Throws<ArgumentException>(() => BagOfWordsLogisticRegression.Train(examples, examples, 4, 2));
        Assert.Throws<ArgumentException>(() => BagOfWordsLogisticRegression.Train([([0], 3)], examples, 5, 2));
        Assert.Throws<ArgumentException>(() => BagOfWordsLogisticRegression.Train(examples, examples, 5, 2, new BagOfWordsOptions(L2Grid: [])));
    }

    // Labels depend weakly on the tokens (token t votes for class t mod C), so the problem is learnable but noisy.
    internal static (int[] Ids, int Label)[] RandomExamples(int count, int vocabulary, int classes, int length, ulong seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            int[] ids = [.. Enumerable.Range(0, length).Select(_ => rng.NextInt(vocabulary))];
            int label = rng.NextDouble() < 0.6 ? ids[0] % classes : rng.NextInt(classes);
            return (ids, label);
        })];
    }
}
