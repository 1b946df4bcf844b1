using System.Text;

namespace SliceMoE.Tensors;

/// <summary>
/// A dense, contiguous, row-major tensor over 64-byte-aligned native memory.
/// Views (<see cref="Reshape"/>, <see cref="SliceRows"/>) share the storage of the tensor they come
/// from and stay valid only as long as that tensor is not disposed. Disposing a view does nothing.
/// </summary>
/// <typeparam name="T">Element type: <see cref="float"/> for compute, <see cref="double"/> for gradient checks, or any unmanaged type for storage.</typeparam>
public sealed unsafe class Tensor<T> : IDisposable where T : unmanaged
{
    private readonly AlignedBuffer<T> _storage;
    private readonly long _offset;
    private readonly int[] _shape;
    private readonly bool _ownsStorage;

    /// <summary>Allocates a zero-filled tensor of the given shape.</summary>
    /// <exception cref="ArgumentException">When a dimension is negative.</exception>
    public Tensor(params int[] shape)
    {
        _shape = ValidateShape(shape);
        Length = Product(_shape);
        _storage = new AlignedBuffer<T>(Length);
        _ownsStorage = true;
    }

    private Tensor(AlignedBuffer<T> storage, long offset, int[] shape)
    {
        _storage = storage;
        _offset = offset;
        _shape = shape;
        Length = Product(shape);
    }

    /// <summary>A view of <paramref name="storage"/> from element <paramref name="offset"/> with the given shape (not owning it).</summary>
    internal static Tensor<T> ViewOf(AlignedBuffer<T> storage, long offset, int[] shape)
    {
        var s = ValidateShape(shape);
        if (offset + Product(s) > storage.Length)
        {
            throw new ArgumentException($"A view of shape {FormatShape(s)} at {offset} does not fit in {storage.Length} elements.", nameof(shape));
        }

        return new Tensor<T>(storage, offset, s);
    }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>Total number of elements.</summary>
    public long Length { get; }

    /// <summary>Whether this tensor shares another tensor's storage.</summary>
    public bool IsView => !_ownsStorage;

    /// <summary>The elements in row-major order.</summary>
    /// <exception cref="InvalidOperationException">When the tensor has more than <see cref="int.MaxValue"/> elements.</exception>
    public Span<T> Span => Length <= int.MaxValue
        ? new Span<T>(_storage.Pointer + _offset, (int)Length)
        : throw new InvalidOperationException($"Tensor {ShapeText} has {Length} elements, too many for one span.");

    /// <summary>Address of the first element (64-byte aligned for owners; views may start anywhere).</summary>
    public T* Pointer => _storage.Pointer + _offset;

    /// <summary>The shape as text, e.g. <c>[4096, 768]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public int Dim(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if ((uint)a >= (uint)Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for a tensor of rank {Rank} {ShapeText}.");
        }

        return _shape[a];
    }

    /// <summary>Element access by full index (convenient, not fast).</summary>
    public T this[params int[] index]
    {
        get => Span[checked((int)Offset(index))];
        set => Span[checked((int)Offset(index))] = value;
    }

    /// <summary>Creates a tensor holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="ArgumentException">When the data length differs from the shape's element count.</exception>
    public static Tensor<T> FromSpan(ReadOnlySpan<T> data, params int[] shape)
    {
        var t = new Tensor<T>(shape);
        if (data.Length != t.Length)
        {
            t.Dispose();
            throw new ArgumentException($"{data.Length} values cannot fill a tensor of shape {FormatShape(shape)} ({Product(shape)} elements).", nameof(data));
        }

        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>A view with a new shape over the same elements; one dimension may be -1 (inferred).</summary>
    /// <exception cref="ArgumentException">When the element counts differ.</exception>
    public Tensor<T> Reshape(params int[] shape)
    {
        var s = (int[])shape.Clone();
        int infer = Array.IndexOf(s, -1);
        if (infer >= 0)
        {
            long rest = 1;
            for (int i = 0; i < s.Length; i++)
            {
                if (i != infer)
                {
                    rest *= s[i];
                }
            }

            if (rest <= 0 || Length % rest != 0)
            {
                throw new ArgumentException($"Cannot infer -1 in {FormatShape(shape)} for a tensor of {Length} elements.", nameof(shape));
            }

            s[infer] = checked((int)(Length / rest));
        }

        ValidateShape(s);
        if (Product(s) != Length)
        {
            throw new ArgumentException($"Cannot reshape {ShapeText} ({Length} elements) to {FormatShape(s)} ({Product(s)} elements).", nameof(shape));
        }

        return new Tensor<T>(_storage, _offset, s);
    }

    /// <summary>A view of <paramref name="count"/> consecutive entries along the first dimension.</summary>
    public Tensor<T> SliceRows(int start, int count)
    {
        if (Rank == 0)
        {
            throw new InvalidOperationException("A scalar tensor has no rows.");
        }

        if (start < 0 || count < 0 || start + count > _shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Rows [{start}, {start + count}) are out of range for {ShapeText}.");
        }

        var s = (int[])_shape.Clone();
        s[0] = count;
        long rowLength = _shape[0] == 0 ? 0 : Length / _shape[0];
        return new Tensor<T>(_storage, _offset + (start * rowLength), s);
    }

    /// <summary>Copies the elements into a new array.</summary>
    public T[] ToArray() => Span.ToArray();

    /// <summary>A deep copy with its own storage.</summary>
    public Tensor<T> Clone() => FromSpan(Span, _shape);

    /// <summary>Sets every element to zero.</summary>
    public void Clear() => Span.Clear();

    /// <summary>Copies <paramref name="source"/> into this tensor.</summary>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public void CopyFrom(ReadOnlySpan<T> source)
    {
        if (source.Length != Length)
        {
            throw new ArgumentException($"Source has {source.Length} elements; tensor {ShapeText} has {Length}.", nameof(source));
        }

        source.CopyTo(Span);
    }

    /// <summary>Whether the shape equals <paramref name="shape"/>.</summary>
    public bool HasShape(params int[] shape) => _shape.AsSpan().SequenceEqual(shape);

    /// <summary>Throws a clear exception unless the shape equals <paramref name="shape"/>.</summary>
    /// <param name="name">What the tensor is, for the message (e.g. "router.fc1.weight").</param>
    /// <param name="shape">The expected shape.</param>
    public void RequireShape(string name, params int[] shape)
    {
        if (!HasShape(shape))
        {
            throw new ArgumentException($"{name} must have shape {FormatShape(shape)} but has {ShapeText}.");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStorage)
        {
            _storage.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Tensor<{typeof(T).Name}>{ShapeText}";

    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    public static string FormatShape(ReadOnlySpan<int> shape)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < shape.Length; i++)
        {
            sb.Append(i == 0 ? string.Empty : ", ").Append(shape[i]);
        }

        return sb.Append(']').ToString();
    }

    private long Offset(int[] index)
    {
        if (index.Length != Rank)
        {
            throw new ArgumentException($"Index of rank {index.Length} for tensor {ShapeText}.", nameof(index));
        }

        long offset = 0;
        for (int i = 0; i < index.Length; i++)
        {
            if ((uint)index[i] >= (uint)_shape[i])
            {
                throw new IndexOutOfRangeException($"Index {index[i]} is out of range for dimension {i} of {ShapeText}.");
            }

            offset = (offset * _shape[i]) + index[i];
        }

        return offset;
    }

    private static int[] ValidateShape(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
            }
        }

        return (int[])shape.Clone();
    }

    private static long Product(int[] shape)
    {
        long p = 1;
        foreach (int d in shape)
        {
            p = checked(p * d);
        }

        return p;
    }
}
