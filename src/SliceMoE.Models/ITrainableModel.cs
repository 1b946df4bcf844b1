using System.Numerics;
using SliceMoE.Layers;
using SliceMoE.Modules;

namespace SliceMoE.Models;

/// <summary>A model the trainer can drive: one call computes the loss on a batch and, if asked, adds the gradients.</summary>
/// <typeparam name="T">Element type.</typeparam>
/// <typeparam name="TBatch">Batch type.</typeparam>
public interface ITrainableModel<T, in TBatch> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>All parameters and gradients.</summary>
    ParameterStore<T> Store { get; }

    /// <summary>The last step's logits: [B·T, V] for token-level models, [B, classes] for classifiers.</summary>
    ReadOnlySpan<T> Logits { get; }

    /// <summary>Forward over <paramref name="batch"/>; with <paramref name="backward"/>, adds lossScale · ∂(loss + aux)/∂θ to the gradients.</summary>
    StepResult Step(TBatch batch, ForwardContext context, bool backward, double lossScale = 1.0);
}
