using System.Text.Json;
using SliceMoE.Training;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SliceMoE.Tests.Training.Replica;

/// <summary>
/// Our models against the PyTorch replica (tools/replica), from fixtures it wrote: the same float64 parameters and
/// batch give the same logits, loss, aux objective and every parameter gradient, and 20 AdamW steps with clipping give
/// the same loss curve. Python is not needed to run these: the fixtures are committed
/// (regenerate with <c>/usr/bin/python3 tools/replica/make_fixtures.py</c>).
/// </summary>
public class ReplicaFixtureTests(ITestOutputHelper output)
{
    /// <summary>
    /// One step, float64 on both sides: the two differ only in the order of their sums,
    /// so 1e-5 relative (the bound the replica was asked to meet) is loose (measured: at most 8e-11 of a tensor's largest value, the largest errors being on gradients that are zero in exact arithmetic).
    /// </summary>
    private const double StepTolerance = 1e-5;

    /// <summary>
    /// A gradient that is zero in exact arithmetic (a key projection's bias: the softmax ignores a constant added to every
    /// score of a row) holds only rounding noise (≈1e-17) in both, so no tensor is held tighter than this fraction of
    /// the model's largest gradient.
    /// </summary>
    private const double ZeroGradientFloor = 1e-6;

    /// <summary>
    /// 20 AdamW steps: the float64 differences grow through the updates, and AdamW's m/√v turns a gradient component
    /// near zero into a full step of either sign, so the curve is held to 1e-4 relative (measured: 4e-16).
    /// </summary>
    private const double CurveTolerance = 1e-4;

    public static TheoryData<string> Cases => new(
        "lm-slicemoe", "lm-tokenmoe", "lm-dense", "lm-seqtopk", "classifier-slicemoe", "classifier-tokenmoe-first", "translator-slicemoe");

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneStepGivesTheReplicasLogitsLossAndGradients(string name)
    {
        using var c = ReplicaCase.Open(name);
        var result = c.Step("batch.");
        AssertScalar(result.Loss, c.Doubles("expected.loss")[0], StepTolerance, $"{name} loss");
        AssertScalar(result.AuxObjective, c.Doubles("expected.aux")[0], StepTolerance, $"{name} aux objective");
        double worst = AssertTensor(c.Logits(), c.Doubles("expected.logits"), StepTolerance, $"{name} logits");
        double largest = c.Store.Parameters.Max(p => c.Doubles("grad." + p.Name).Max(Math.Abs));
        foreach (var p in c.Store.Parameters)
        {
            worst = Math.Max(worst, AssertTensor(p.Grad.Span.ToArray(), c.Doubles("grad." + p.Name), StepTolerance, $"{name} grad.{p.Name}", ZeroGradientFloor * largest));
        }

        output.WriteLine($"{name}: worst logit/gradient error {worst:E2} of its tensor's scale");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwentyAdamWStepsGiveTheReplicasLossCurve(string name)
    {
        using var c = ReplicaCase.Open(name);
        using var optimizer = Options(c, out double clip);
        var rates = c.Doubles("train.lr");
        var losses = new double[rates.Length];
        var norms = new double[rates.Length];
        for (int i = 0; i < rates.Length; i++)
        {
            var result = c.Step("train.", i);
            losses[i] = result.Loss;
            norms[i] = GradientClipping.ClipByGlobalNorm(c.Store, clip);
            optimizer.Step(rates[i]);
        }

        double worst = AssertTensor(losses, c.Doubles("expected.train_loss"), CurveTolerance, $"{name} loss curve");
        output.WriteLine($"{name}: worst loss-curve error {worst:E2}; loss {losses[0]:F4} -> {losses[^1]:F4}");
        AssertTensor(norms, c.Doubles("expected.train_grad_norm"), CurveTolerance, $"{name} gradient norms");
        Assert.True(losses[^1] < losses[0], $"{name}: the replica's curve should fall ({losses[0]} -> {losses[^1]}), or the fixture tests little.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WeightDecayFallsOnTheSameParameters(string name)
    {
        using var c = ReplicaCase.Open(name);
        var decayed = JsonSerializer.Deserialize<string[]>(c.File.Metadata["decayed"])!;
        Assert.Equal(decayed.Order(StringComparer.Ordinal), c.Store.Parameters.Where(p => p.WeightDecay).Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static AdamW<double> Options(ReplicaCase c, out double clip)
    {
        using var o = JsonDocument.Parse(c.File.Metadata["optimizer"]);
        var r = o.RootElement;
        clip = r.GetProperty("clip").GetDouble();
        var betas = r.GetProperty("betas");
        return new AdamW<double>(c.Store, new AdamWOptions(betas[0].GetDouble(), betas[1].GetDouble(), r.GetProperty("eps").GetDouble(), r.GetProperty("weight_decay").GetDouble()));
    }

    private static void AssertScalar(double actual, double expected, double rel, string what)
    {
        if (!(Math.Abs(actual - expected) <= rel * Math.Abs(expected)))
        {
            throw new XunitException($"{what}: {actual:R}, the replica's {expected:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):E2} > {rel:E0}).");
        }
    }

    /// <summary>
    /// Every element within <paramref name="rel"/> × the expected tensor's largest magnitude (or <paramref name="floor"/>,
    /// when larger); returns the worst error as a fraction of that scale.
    /// </summary>
    private static double AssertTensor(double[] actual, double[] expected, double rel, string what, double floor = 0)
    {
        double scale = Math.Max(expected.Length == 0 ? 0 : expected.Max(Math.Abs), Math.Max(floor, 1e-300));
        Tolerance.AssertClose(actual, expected, rel: 0, abs: rel * scale, what);
        return actual.Zip(expected, (a, e) => Math.Abs(a - e)).DefaultIfEmpty().Max() / scale;
    }
}
