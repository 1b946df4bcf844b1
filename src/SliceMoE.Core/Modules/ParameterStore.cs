using System.Numerics;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Modules;

/// <summary>
/// All parameters of a model in one allocation, and all their gradients in another (as llm.c does): layers declare
/// named, shaped parameters, then <see cref="Allocate"/> creates both buffers and initialises the values in
/// declaration order from one seed. Optimisers and gradient clipping then run over two flat buffers; zeroing every
/// gradient is one call.
/// </summary>
/// <typeparam name="T">Element type: float for training, double for gradient checks.</typeparam>
public sealed class ParameterStore<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Parameter<T>> _parameters = [];
    private readonly Dictionary<string, Parameter<T>> _byName = new(StringComparer.Ordinal);
    private Tensor<T>? _values;
    private Tensor<T>? _grads;
    private long _length;

    /// <summary>Parameters in declaration order.</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>Total number of elements.</summary>
    public long Length => _length;

    /// <summary>Whether <see cref="Allocate"/> has run.</summary>
    public bool IsAllocated => _values is not null;

    /// <summary>All values, flat (valid after allocation).</summary>
    public Tensor<T> Values => _values ?? throw NotAllocated();

    /// <summary>All gradients, flat (valid after allocation).</summary>
    public Tensor<T> Gradients => _grads ?? throw NotAllocated();

    /// <summary>Declares a parameter; its views become valid after <see cref="Allocate"/>.</summary>
    /// <exception cref="InvalidOperationException">When the store is already allocated.</exception>
    /// <exception cref="ArgumentException">When the name is taken or a dimension is not positive.</exception>
    public Parameter<T> Declare(string name, int[] shape, ParameterInit init, bool weightDecay = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (IsAllocated)
        {
            throw new InvalidOperationException($"Cannot declare '{name}': the parameter store is already allocated.");
        }

        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"A parameter named '{name}' is already declared.", nameof(name));
        }

        if (shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"Parameter '{name}' has shape {Tensor<T>.FormatShape(shape)}; every dimension must be positive.", nameof(shape));
        }

        var p = new Parameter<T>(this, name, (int[])shape.Clone(), _length, init, weightDecay);
        _length += p.Length;
        _parameters.Add(p);
        _byName[name] = p;
        return p;
    }

    /// <summary>The parameter with this name.</summary>
    /// <exception cref="KeyNotFoundException">When there is none (the message lists similar names).</exception>
    public Parameter<T> this[string name] => _byName.TryGetValue(name, out var p)
        ? p
        : throw new KeyNotFoundException($"No parameter named '{name}'. Similar: {string.Join(", ", _byName.Keys.Where(k => k.Split('.')[^1] == name.Split('.')[^1]).Take(5))}");

    /// <summary>Whether a parameter with this name exists.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Allocates the value and gradient buffers and initialises every parameter, in declaration order, from <paramref name="seed"/>.</summary>
    /// <exception cref="InvalidOperationException">When already allocated.</exception>
    public void Allocate(ulong seed)
    {
        if (IsAllocated)
        {
            throw new InvalidOperationException("The parameter store is already allocated.");
        }

        _values = new Tensor<T>(checked((int)_length));
        _grads = new Tensor<T>(checked((int)_length));
        var rng = new Rng(seed);
        foreach (var p in _parameters)
        {
            // Each parameter's stream depends on its name, not its position, so adding a parameter elsewhere in a
            // model does not change how this one starts.
            Initialize(p.Value.Span, p.Init, rng.Fork(StableHash(p.Name)));
        }
    }

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGradients() => Gradients.Clear();

    /// <inheritdoc />
    public void Dispose()
    {
        _values?.Dispose();
        _grads?.Dispose();
    }

    internal Tensor<T> ValueView(Parameter<T> p) => Values.Reshape(-1).SliceRows(checked((int)p.Offset), checked((int)p.Length)).Reshape([.. p.Shape]);

    internal Tensor<T> GradView(Parameter<T> p) => Gradients.Reshape(-1).SliceRows(checked((int)p.Offset), checked((int)p.Length)).Reshape([.. p.Shape]);

    private static void Initialize(Span<T> values, ParameterInit init, Rng rng)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = init.Kind switch
            {
                ParameterInitKind.Uniform => ((2 * rng.NextDouble()) - 1) * init.Scale,
                ParameterInitKind.Normal => rng.NextGaussian() * init.Scale,
                _ => init.Value,
            };
            values[i] = T.CreateTruncating(v);
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong StableHash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    private static InvalidOperationException NotAllocated() => new("The parameter store is not allocated yet: call Allocate(seed) after declaring every parameter.");
}
