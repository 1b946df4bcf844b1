using System.Runtime.CompilerServices;
using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.Gemm;

/// <summary>How a micro-kernel reads one row of a B panel: as float32, or as bfloat16 widened in registers.</summary>
internal unsafe interface IPanelFormat
{
    /// <summary>Bytes per element.</summary>
    static abstract int Size { get; }

    /// <summary>One vector of B starting at <paramref name="source"/>.</summary>
    static abstract TV Load<TS, TV>(byte* source) where TS : struct, ISimdF32<TV> where TV : struct;
}

/// <summary>float32 panels: what the driver packs on every call.</summary>
internal readonly unsafe struct Float32Panel : IPanelFormat
{
    public static int Size => sizeof(float);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load<TS, TV>(byte* source) where TS : struct, ISimdF32<TV> where TV : struct => TS.Load((float*)source);
}

/// <summary>bfloat16 panels: pre-packed inference weights at half the bytes.</summary>
internal readonly unsafe struct BFloat16Panel : IPanelFormat
{
    public static int Size => sizeof(ushort);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load<TS, TV>(byte* source) where TS : struct, ISimdF32<TV> where TV : struct => TS.LoadBFloat16((ushort*)source);
}
