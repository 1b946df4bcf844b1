// A user's first program with the packages: train one SliceMoE layer for a few steps with plain SGD through the public API
// of the SliceMoE package alone (it brings SliceMoE.Core), on a fixed regression target. Exits 1 unless the loss falls.
// scripts/package-check.sh builds it in a folder outside the repository, against the packages in a local feed.
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

const int Tokens = 256, Dim = 64, Steps = 40;
const float LearningRate = 0.2f;

using var store = new ParameterStore<float>();
using var moe = new MoeLayer<float>(new MoeConfig { ModelDim = Dim, Slices = 8, Experts = 8, TopK = 2, RouterHidden = 32, SliceDropout = 0.1 }, store);
store.Allocate(seed: 1);

var rng = new Rng(2);
using var x = new Tensor<float>(Tokens, Dim);
using var target = new Tensor<float>(Tokens, Dim);
for (int i = 0; i < x.Span.Length; i++)
{
    x.Span[i] = (float)rng.NextGaussian();
}

for (int i = 0; i < target.Span.Length; i++)
{
    target.Span[i] = 0.5f * MathF.Tanh(x.Span[i]);          // each coordinate a function of itself: learnable slice by slice
}

using var y = new Tensor<float>(Tokens, Dim);
using var dy = new Tensor<float>(Tokens, Dim);
using var dx = new Tensor<float>(Tokens, Dim);
double first = double.NaN, last = double.NaN;
for (int step = 0; step < Steps; step++)
{
    var report = moe.Forward(x, y, new ForwardContext(Training: true, Rng: new Rng((ulong)step)));
    double loss = 0;
    for (int i = 0; i < y.Span.Length; i++)
    {
        float diff = y.Span[i] - target.Span[i];
        loss += diff * diff / y.Span.Length;
        dy.Span[i] = 2 * diff / y.Span.Length;
    }

    store.ZeroGradients();
    moe.Backward(dy, dx, accumulate: false);
    var values = store.Values.Span;
    var grads = store.Gradients.Span;
    for (int i = 0; i < values.Length; i++)
    {
        values[i] -= LearningRate * grads[i];
    }

    if (step == 0)
    {
        first = loss;
    }

    last = loss;
    if (step % 10 == 0 || step == Steps - 1)
    {
        Console.WriteLine($"step {step,2}  loss {loss:F5}  ELE {report.Statistics.Ele:F3}  aux {report.AuxObjective:F5}");
    }
}

bool learned = last < 0.7 * first;
Console.WriteLine(learned ? $"OK: loss {first:F5} -> {last:F5}" : $"FAILED: loss {first:F5} -> {last:F5} did not fall by 30 %");
return learned ? 0 : 1;
