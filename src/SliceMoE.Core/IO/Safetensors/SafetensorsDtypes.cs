using System.Diagnostics.CodeAnalysis;

namespace SliceMoE.IO.Safetensors;

/// <summary>Header names and sizes of <see cref="SafetensorsDtype"/> values.</summary>
public static class SafetensorsDtypes
{
    // Indexed by the enum value (the official rank).
    private static readonly string[] Names =
    [
        "BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
        "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64", "I64", "U64",
    ];

    private static readonly int[] Bits =
    [
        8, 4, 6, 6, 8, 8, 8, 8, 8,
        16, 16, 16, 16, 32, 32, 32, 64, 64, 64, 64,
    ];

    /// <summary>Every header name this reader knows, comma-separated (for error messages).</summary>
    public static string KnownNames => string.Join(", ", Names);

    /// <summary>The name used in a header, e.g. <c>F32</c> or <c>F8_E4M3</c>.</summary>
    public static string ToHeaderName(this SafetensorsDtype dtype) => Names[Index(dtype)];

    /// <summary>Bits per element (4 and 6 for the packed OCP MX floats, otherwise a multiple of 8).</summary>
    public static int BitSize(this SafetensorsDtype dtype) => Bits[Index(dtype)];

    /// <summary>Parses a header name; names are case-sensitive, as in the official implementation.</summary>
    public static bool TryParse(string name, [NotNullWhen(true)] out SafetensorsDtype? dtype)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Array.IndexOf(Names, name);
        dtype = i >= 0 ? (SafetensorsDtype)i : null;
        return i >= 0;
    }

    /// <summary>Bytes taken by <paramref name="elements"/> elements, or null when that is not a whole number of bytes or overflows.</summary>
    internal static long? ByteLength(this SafetensorsDtype dtype, long elements)
    {
        try
        {
            long bits = checked(elements * dtype.BitSize());
            return bits % 8 == 0 ? bits / 8 : null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static int Index(SafetensorsDtype dtype)
    {
        int i = (int)dtype;
        if ((uint)i >= (uint)Names.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a safetensors dtype.");
        }

        return i;
    }
}
