using SliceMoE.Tensors;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// One tensor described by a safetensors header: its name, element type, shape and byte range.
/// <see cref="Begin"/> and <see cref="End"/> are relative to the start of the byte buffer that follows
/// the header, exactly as in the header's <c>data_offsets</c>.
/// </summary>
public sealed class SafetensorsEntry
{
    private readonly int[] _shape;

    internal SafetensorsEntry(string name, SafetensorsDtype dtype, int[] shape, long elementCount, long begin, long end)
    {
        Name = name;
        Dtype = dtype;
        _shape = shape;
        ElementCount = elementCount;
        Begin = begin;
        End = end;
    }

    /// <summary>The tensor's name, e.g. <c>layers.0.moe.router.fc1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The stored element type.</summary>
    public SafetensorsDtype Dtype { get; }

    /// <summary>The dimensions, outermost first; empty for a 0-d scalar.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>The shape as text, e.g. <c>[16, 32]</c>.</summary>
    public string ShapeText => Tensor<float>.FormatShape(_shape);

    /// <summary>Number of elements (1 for a scalar, 0 when a dimension is 0).</summary>
    public long ElementCount { get; }

    /// <summary>First byte, relative to the start of the byte buffer.</summary>
    public long Begin { get; }

    /// <summary>One past the last byte, relative to the start of the byte buffer.</summary>
    public long End { get; }

    /// <summary>Number of bytes (<see cref="End"/> - <see cref="Begin"/>).</summary>
    public long ByteLength => End - Begin;

    /// <summary>Whether the shape equals <paramref name="shape"/>.</summary>
    public bool HasShape(params int[] shape) => _shape.AsSpan().SequenceEqual(shape);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Dtype.ToHeaderName()} {ShapeText} bytes [{Begin}, {End})";
}
