using Google.Protobuf;
using Onnx;

namespace SliceMoE.Onnx.Graph;

/// <summary>
/// Builds one ONNX graph node by node: every helper appends a node and returns the name of its output, so an exporter
/// reads like the forward it mirrors. Names are made unique with a running counter under a readable prefix. The graph
/// is float32 throughout (ours is the float model); int64 for indices and shapes, as the standard operators require.
/// </summary>
internal sealed partial class GraphBuilder
{
    /// <summary>ONNX opset the graphs target: 17 is the first with LayerNormalization, and ScatterND's reduction (16).</summary>
    public const int Opset = 17;

    private readonly GraphProto _graph;
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _int64Constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _shared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    public GraphBuilder(string name) => _graph = new GraphProto { Name = name };

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>A fresh value name under <paramref name="prefix"/>.</summary>
    public string Fresh(string prefix)
    {
        _counters.TryGetValue(prefix, out int n);
        _counters[prefix] = n + 1;
        return n == 0 ? prefix : $"{prefix}_{n}";
    }

    /// <summary>Declares a graph input; a dimension is a fixed size (int) or a symbolic name (string).</summary>
    public string Input(string name, TensorProto.Types.DataType type, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Makes <paramref name="value"/> a graph output named <paramref name="name"/> (through Identity when renamed).</summary>
    public void Output(string value, string name, TensorProto.Types.DataType type, params object[] dims)
    {
        if (value != name)
        {
            Node("Identity", [value], [name]);
        }

        _graph.Output.Add(ValueInfo(name, type, dims));
    }

    /// <summary>A float initializer of the given shape (row-major data).</summary>
    public string Initializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        var t = new TensorProto { Name = Fresh(name), DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        var bytes = new byte[data.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(data).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian.");
        }

        t.RawData = ByteString.CopyFrom(bytes);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>A float initializer named exactly <paramref name="name"/>, made once however often it is asked for.</summary>
    public string SharedInitializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        if (_shared.Add(name))
        {
            var made = Initializer(name, data, dims);
            _aliases[name] = made;
        }

        return _aliases[name];
    }

    /// <summary>A float matrix [rows, columns] stored transposed ([columns, rows]), so that x·Wᵀ is one MatMul.</summary>
    public string TransposedInitializer(string name, ReadOnlySpan<float> weight, int rows, int columns)
    {
        var t = new float[weight.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                t[(c * rows) + r] = weight[(r * columns) + c];
            }
        }

        return Initializer(name, t, columns, rows);
    }

    /// <summary>An int64 constant (shared when the same values are asked for twice); a 1-D tensor unless <paramref name="scalar"/>.</summary>
    public string Int64(long[] values, bool scalar = false)
    {
        string key = (scalar ? "s:" : "v:") + string.Join(",", values);
        if (_int64Constants.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var t = new TensorProto { Name = Fresh("const_i64"), DataType = (int)TensorProto.Types.DataType.Int64 };
        if (!scalar)
        {
            t.Dims.Add(values.Length);
        }

        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        _int64Constants[key] = t.Name;
        return t.Name;
    }

    /// <summary>An int64 scalar constant.</summary>
    public string Int64Scalar(long value) => Int64([value], scalar: true);

    /// <summary>A float scalar constant.</summary>
    public string FloatScalar(float value)
    {
        var t = new TensorProto { Name = Fresh("const_f32"), DataType = (int)TensorProto.Types.DataType.Float };
        t.FloatData.Add(value);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>A double scalar constant (for arithmetic that must round as ours does in double).</summary>
    public string DoubleScalar(double value)
    {
        var t = new TensorProto { Name = Fresh("const_f64"), DataType = (int)TensorProto.Types.DataType.Double };
        t.DoubleData.Add(value);
        _graph.Initializer.Add(t);
        return t.Name;
    }

    /// <summary>Appends a node; returns its outputs (fresh names under the op's name unless given).</summary>
    public string[] Node(string op, string[] inputs, string[]? outputs = null, int outputCount = 1, params AttributeProto[] attributes)
    {
        outputs ??= Enumerable.Range(0, outputCount).Select(_ => Fresh(op.ToLowerInvariant())).ToArray();
        var node = new NodeProto { OpType = op, Name = Fresh("node_" + op) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>A one-output node.</summary>
    public string Op(string op, params string[] inputs) => Node(op, inputs)[0];

    /// <summary>A one-output node with attributes.</summary>
    public string Op(string op, string[] inputs, params AttributeProto[] attributes) => Node(op, inputs, null, 1, attributes)[0];

    /// <summary>The model around the graph: IR version 8 (what opset 17 needs), the default domain at <see cref="Opset"/>.</summary>
    public ModelProto Model(string docString)
    {
        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "SliceMoE.NET",
            ProducerVersion = typeof(GraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d switch
            {
                int i => new TensorShapeProto.Types.Dimension { DimValue = i },
                long l => new TensorShapeProto.Types.Dimension { DimValue = l },
                string s => new TensorShapeProto.Types.Dimension { DimParam = s },
                _ => throw new ArgumentException($"A dimension is an int or a name, not {d}.", nameof(dims)),
            });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
