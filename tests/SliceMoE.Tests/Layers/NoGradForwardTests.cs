using SliceMoE.Kernels.Activations;
using SliceMoE.Layers;
using SliceMoE.Modules;
using SliceMoE.Moe;
using SliceMoE.Numerics;
using SliceMoE.Tensors;
using SliceMoE.Tests.Moe;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Layers;

/// <summary>
/// A forward with <see cref="ForwardContext.GradEnabled"/> off skips the saved activation derivative: its output must
/// be the same bits as a forward that saves it (the plain and the derivative-saving epilogues evaluate f alike), and a
/// backward after it must refuse.
/// </summary>
[Collection(SerialCollection.Name)]
public class NoGradForwardTests
{
    public static TheoryData<Activation> Activations => new() { Activation.GeluErf, Activation.GeluTanh, Activation.Relu };

    /// <summary>Hidden 100 and 37 rows: full SIMD blocks and ragged tails in both epilogues.</summary>
    [Theory]
    [MemberData(nameof(Activations))]
    public void Moe_output_without_gradients_is_the_same_bits(Activation activation)
    {
        var config = new MoeConfig { ModelDim = 48, Slices = 4, Experts = 6, TopK = 2, ExpertHidden = 100, RouterHidden = 16, Activation = activation };
        var (store, layer) = MoeTestLayers.Create<float>(config, seed: 3);
        using (store)
        using (layer)
        {
            using var x = MoeTestLayers.Random<float>(new Rng(1), 2, 37, 48);
            using var withGrad = new Tensor<float>(37, 48);
            using var noGrad = new Tensor<float>(37, 48);
            var reportWithGrad = layer.Forward(x, withGrad, ForwardContext.Evaluation);
            var reportNoGrad = layer.Forward(x, noGrad, ForwardContext.NoGrad);
            Tolerance.AssertBitwiseEqual(noGrad.Span, withGrad.Span, $"{activation} output");
            Assert.Equal(reportWithGrad.Statistics.Counts, reportNoGrad.Statistics.Counts);

            using var dx = new Tensor<float>(37, 48);
            var error = Assert.Throws<InvalidOperationException>(() => layer.Backward(withGrad, dx, false));
            Assert.Contains("GradEnabled", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Dense_output_without_gradients_is_the_same_bits(Activation activation)
    {
        using var store = new ParameterStore<float>();
        using var dense = new DenseFfn<float>(store, 40, 100, activation);
        store.Allocate(4);
        using var x = MoeTestLayers.Random<float>(new Rng(2), 2, 37, 40);
        using var withGrad = new Tensor<float>(37, 40);
        using var noGrad = new Tensor<float>(37, 40);
        dense.Forward(x, withGrad, ForwardContext.Evaluation);
        dense.Forward(x, noGrad, ForwardContext.NoGrad);
        Tolerance.AssertBitwiseEqual(noGrad.Span, withGrad.Span, $"{activation} output");

        using var dx = new Tensor<float>(37, 40);
        Assert.Throws<InvalidOperationException>(() => dense.Backward(withGrad, dx, false));
        dense.Forward(x, withGrad, ForwardContext.Evaluation);
        dense.Backward(withGrad, dx, false);
    }
}
