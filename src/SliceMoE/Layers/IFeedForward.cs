using System.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Layers;

/// <summary>
/// The FFN slot of a transformer block: a dense FFN or any layer of the MoE family. Forward saves what Backward needs
/// (unless <see cref="ForwardContext.GradEnabled"/> is off); Backward adds parameter gradients into the parameter store
/// (llm.c style: one zero-grad clears everything). One Backward per Forward.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public interface IFeedForward<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>d: input and output width.</summary>
    int ModelDim { get; }

    /// <summary>y[N, d] = f(x[N, d]). Returns what the layer reports besides y (MoE layers: routing statistics and auxiliary losses), or null.</summary>
    FeedForwardReport? Forward(Tensor<T> x, Tensor<T> y, ForwardContext context);

    /// <summary>dx (+)= ∂L/∂x from dy = ∂L/∂y; parameter gradients are added; MoE layers add their auxiliary losses' gradients with their configured weights.</summary>
    void Backward(Tensor<T> dy, Tensor<T> dx, bool accumulate);

    /// <summary>Forward FLOPs per token of the matrix multiplies (2 per multiply-add), for throughput reporting.</summary>
    double FlopsPerToken { get; }
}
