using SliceMoE.Tensors;

namespace SliceMoE.Modules;

/// <summary>
/// A named, shaped view into a <see cref="ParameterStore{T}"/>: its values and its gradient. Names follow PyTorch's
/// <c>state_dict</c> (e.g. <c>layers.0.ffn.router.fc1.weight</c>, weights [out, in]) so checkpoints move between the two.
/// The views exist once the store is allocated.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public sealed class Parameter<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private readonly ParameterStore<T> _store;

    internal Parameter(ParameterStore<T> store, string name, int[] shape, long offset, ParameterInit init, bool decay)
    {
        _store = store;
        Name = name;
        Shape = shape;
        Offset = offset;
        Init = init;
        WeightDecay = decay;
        Length = shape.Aggregate(1L, (a, b) => a * b);
    }

    /// <summary>The state_dict name.</summary>
    public string Name { get; }

    /// <summary>The shape (weights are [out, in]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Whether weight decay applies (weights yes; biases and norm gains no).</summary>
    public bool WeightDecay { get; }

    /// <summary>How the values are initialised.</summary>
    public ParameterInit Init { get; }

    /// <summary>Whether the optimiser skips this parameter (e.g. a frozen encoder).</summary>
    public bool Frozen { get; set; }

    /// <summary>Position of the first element in the store's flat buffers.</summary>
    public long Offset { get; }

    /// <summary>The values (a view into the store).</summary>
    public Tensor<T> Value => _store.ValueView(this);

    /// <summary>The gradient (a view into the store; backward passes add into it).</summary>
    public Tensor<T> Grad => _store.GradView(this);

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Tensor<T>.FormatShape([.. Shape])}";
}
