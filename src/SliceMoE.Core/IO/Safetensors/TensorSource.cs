using System.Runtime.InteropServices;
using SliceMoE.Tensors;

namespace SliceMoE.IO.Safetensors;

/// <summary>A tensor waiting in a <see cref="SafetensorsWriter"/>: its dtype, shape and how to write its bytes.</summary>
internal abstract class TensorSource(SafetensorsDtype dtype, int[] shape, long elementCount)
{
    public SafetensorsDtype Dtype { get; } = dtype;

    public int[] Shape { get; } = shape;

    public long ByteLength { get; } = elementCount * (dtype.BitSize() / 8);

    /// <summary>Writes exactly <see cref="ByteLength"/> little-endian bytes.</summary>
    public abstract void WriteTo(Stream stream);

    /// <summary>Writes <paramref name="values"/> little-endian, in pieces (spans of bytes stay under 2 GiB).</summary>
    protected static void WriteLittleEndian<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        const int Piece = 1 << 16;
        for (int start = 0; start < values.Length; start += Piece)
        {
            var part = values.Slice(start, Math.Min(Piece, values.Length - start));
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(part));
            }
            else
            {
                WriteSwapped(stream, part);
            }
        }
    }

    private static void WriteSwapped<T>(Stream stream, ReadOnlySpan<T> part) where T : unmanaged
    {
        byte[] bytes = MemoryMarshal.AsBytes(part).ToArray();
        int size = bytes.Length / Math.Max(1, part.Length);
        for (int i = 0; i < bytes.Length; i += size)
        {
            bytes.AsSpan(i, size).Reverse();
        }

        stream.Write(bytes);
    }
}

/// <summary>A copy held by the writer.</summary>
internal sealed class ArraySource<T>(SafetensorsDtype dtype, int[] shape, T[] data) : TensorSource(dtype, shape, data.LongLength)
    where T : unmanaged
{
    public override void WriteTo(Stream stream) => WriteLittleEndian<T>(stream, data);
}

/// <summary>A tensor the caller owns, read only when the file is written.</summary>
internal sealed class BorrowedSource<T>(SafetensorsDtype dtype, Tensor<T> tensor) : TensorSource(dtype, tensor.Shape.ToArray(), tensor.Length)
    where T : unmanaged
{
    public override void WriteTo(Stream stream) => WriteLittleEndian<T>(stream, tensor.Span);
}
