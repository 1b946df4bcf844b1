using SliceMoE.Modules;

namespace SliceMoE.Onnx.Export;

/// <summary>A model's parameters by their state_dict names (the names the exporters read, so the graph's initializers carry them too).</summary>
internal sealed class Weights(ParameterStore<float> store)
{
    /// <summary>The values of parameter <paramref name="name"/>, row-major.</summary>
    public ReadOnlySpan<float> this[string name] => store[name].Value.Span;

    /// <summary>The shape of parameter <paramref name="name"/>.</summary>
    public IReadOnlyList<int> Shape(string name) => store[name].Shape;

    /// <summary>The values of <paramref name="name"/>, or nothing when the store lacks it (a layer without bias).</summary>
    public ReadOnlySpan<float> Optional(string name) => store.Contains(name) ? store[name].Value.Span : default;

    /// <summary>Whether the store holds <paramref name="name"/>.</summary>
    public bool Has(string name) => store.Contains(name);
}
