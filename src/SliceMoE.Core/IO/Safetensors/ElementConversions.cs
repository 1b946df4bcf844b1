using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Decodes little-endian stored elements into <see cref="float"/>, <see cref="double"/>, <see cref="long"/>
/// or <see cref="int"/>, and encodes <see cref="float"/> into F16 / BF16 with round-to-nearest-even.
/// Every widening here is exact; the only rounding conversions are F64 to F32 and F32 to F16 / BF16.
/// </summary>
internal static class ElementConversions
{
    /// <summary>Whether <paramref name="dtype"/> can be read as float32 / float64.</summary>
    public static bool IsFloat(SafetensorsDtype dtype) =>
        dtype is SafetensorsDtype.F32 or SafetensorsDtype.F64 or SafetensorsDtype.F16 or SafetensorsDtype.BF16;

    /// <summary>Whether <paramref name="dtype"/> can be read as int64 (every integer dtype but U64, and BOOL).</summary>
    public static bool IsInteger(SafetensorsDtype dtype) => dtype is SafetensorsDtype.I64 or SafetensorsDtype.I32
        or SafetensorsDtype.U32 or SafetensorsDtype.I16 or SafetensorsDtype.U16 or SafetensorsDtype.I8
        or SafetensorsDtype.U8 or SafetensorsDtype.Bool;

    /// <summary>F32 as is; F16 and BF16 exactly; F64 rounded to nearest even (beyond ±3.4e38 to ±∞).</summary>
    public static void ToSingle(SafetensorsDtype dtype, ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (dtype)
        {
            case SafetensorsDtype.F32:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                }

                break;
            case SafetensorsDtype.F16 when BitConverter.IsLittleEndian:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(src), dst);
                break;
            case SafetensorsDtype.F16:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                }

                break;
            case SafetensorsDtype.BF16:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]));
                }

                break;
            case SafetensorsDtype.F64:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a float dtype.");
        }
    }

    /// <summary>Every float dtype, widened exactly.</summary>
    public static void ToDouble(SafetensorsDtype dtype, ReadOnlySpan<byte> src, Span<double> dst)
    {
        if (dtype == SafetensorsDtype.F64)
        {
            for (int i = 0; i < dst.Length; i++)
            {
                dst[i] = BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
            }

            return;
        }

        // float32 holds F16, BF16 and F32 values exactly, so going through it loses nothing.
        Span<float> scratch = stackalloc float[256];
        for (int start = 0; start < dst.Length; start += scratch.Length)
        {
            int n = Math.Min(scratch.Length, dst.Length - start);
            int size = dtype.BitSize() / 8;
            ToSingle(dtype, src.Slice(start * size, n * size), scratch[..n]);
            for (int i = 0; i < n; i++)
            {
                dst[start + i] = scratch[i];
            }
        }
    }

    /// <summary>Every integer dtype but U64, widened exactly; BOOL as 0 or 1 (any non-zero byte is 1).</summary>
    public static void ToInt64(SafetensorsDtype dtype, ReadOnlySpan<byte> src, Span<long> dst)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = dtype switch
            {
                SafetensorsDtype.I64 => BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..]),
                SafetensorsDtype.I32 => BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]),
                SafetensorsDtype.U32 => BinaryPrimitives.ReadUInt32LittleEndian(src[(4 * i)..]),
                SafetensorsDtype.I16 => BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]),
                SafetensorsDtype.U16 => BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]),
                SafetensorsDtype.I8 => (sbyte)src[i],
                SafetensorsDtype.U8 => src[i],
                SafetensorsDtype.Bool => src[i] != 0 ? 1 : 0,
                _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not an integer dtype."),
            };
        }
    }

    /// <summary>The float32 value of bfloat16 bits (exact: bfloat16 is the upper half of a float32).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>
    /// bfloat16 bits of <paramref name="value"/>, rounded to nearest, ties to even; values beyond the
    /// largest bfloat16 round to ±∞. Every non-NaN value gives the same bits as PyTorch's
    /// <c>tensor.to(torch.bfloat16)</c> (checked on 200,000 values with ties and subnormals). Every NaN
    /// becomes the quiet NaN 0x7FC0, as <c>c10::BFloat16</c>'s scalar conversion does (some PyTorch CPU
    /// kernels write 0xFFFF instead; both are NaN).
    /// </summary>
    public static ushort SingleToBFloat16(float value)
    {
        if (float.IsNaN(value))
        {
            return 0x7FC0;
        }

        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint roundingBias = 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>IEEE binary16 bits of <paramref name="value"/>, rounded to nearest, ties to even (beyond 65504 rounds to ±∞ from 65520).</summary>
    public static ushort SingleToHalf(float value) => BitConverter.HalfToUInt16Bits((Half)value);
}
