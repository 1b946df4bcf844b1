namespace SliceMoE.IO.Safetensors;

/// <summary>
/// The element types of the safetensors format, in the official implementation's order
/// (huggingface/safetensors <c>Dtype</c>, "increasing alignment order"). The numeric value is that
/// rank: writers lay tensors out by descending rank, then by name (see <see cref="SafetensorsWriter"/>).
/// The name written in a header is <see cref="SafetensorsDtypes.ToHeaderName"/> (e.g. <c>F8_E4M3</c>).
/// </summary>
public enum SafetensorsDtype
{
    /// <summary><c>BOOL</c>: one byte per element, 0 or 1.</summary>
    Bool = 0,

    /// <summary><c>F4</c>: 4-bit float (OCP MX E2M1), two per byte.</summary>
    F4,

    /// <summary><c>F6_E2M3</c>: 6-bit float (OCP MX), packed.</summary>
    F6E2M3,

    /// <summary><c>F6_E3M2</c>: 6-bit float (OCP MX), packed.</summary>
    F6E3M2,

    /// <summary><c>U8</c>: unsigned 8-bit integer.</summary>
    U8,

    /// <summary><c>I8</c>: signed 8-bit integer.</summary>
    I8,

    /// <summary><c>F8_E5M2</c>: 8-bit float.</summary>
    F8E5M2,

    /// <summary><c>F8_E4M3</c>: 8-bit float.</summary>
    F8E4M3,

    /// <summary><c>F8_E8M0</c>: 8-bit exponent-only scale (OCP MX).</summary>
    F8E8M0,

    /// <summary><c>I16</c>: signed 16-bit integer.</summary>
    I16,

    /// <summary><c>U16</c>: unsigned 16-bit integer.</summary>
    U16,

    /// <summary><c>F16</c>: IEEE 754 binary16.</summary>
    F16,

    /// <summary><c>BF16</c>: bfloat16 (the upper 16 bits of a binary32).</summary>
    BF16,

    /// <summary><c>I32</c>: signed 32-bit integer.</summary>
    I32,

    /// <summary><c>U32</c>: unsigned 32-bit integer.</summary>
    U32,

    /// <summary><c>F32</c>: IEEE 754 binary32.</summary>
    F32,

    /// <summary><c>C64</c>: complex number of two binary32 parts.</summary>
    C64,

    /// <summary><c>F64</c>: IEEE 754 binary64.</summary>
    F64,

    /// <summary><c>I64</c>: signed 64-bit integer.</summary>
    I64,

    /// <summary><c>U64</c>: unsigned 64-bit integer.</summary>
    U64,
}
