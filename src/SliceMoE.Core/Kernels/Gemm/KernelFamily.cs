using SliceMoE.Kernels.Simd;

namespace SliceMoE.Kernels.Gemm;

/// <summary>The instruction set a GEMM runs with. <see cref="Auto"/> picks the widest this machine supports.</summary>
public enum KernelFamily
{
    /// <summary>The widest supported family.</summary>
    Auto,

    /// <summary>AVX-512 (16 lanes), 12 x 32 micro-tiles.</summary>
    Vector512,

    /// <summary>AVX2 + FMA (8 lanes), 6 x 16 micro-tiles.</summary>
    Vector256,

    /// <summary>The plain triple loop (the oracle), no SIMD.</summary>
    Reference,
}

/// <summary>Which kernel families this machine runs, and their tile sizes.</summary>
public static class KernelFamilies
{
    /// <summary>The family <see cref="KernelFamily.Auto"/> resolves to on this machine.</summary>
    public static KernelFamily Best =>
        Simd512.IsSupported ? KernelFamily.Vector512 : Simd256.IsSupported ? KernelFamily.Vector256 : KernelFamily.Reference;

    /// <summary>Whether <paramref name="family"/> can run here.</summary>
    public static bool IsSupported(KernelFamily family) => family switch
    {
        KernelFamily.Auto or KernelFamily.Reference => true,
        KernelFamily.Vector512 => Simd512.IsSupported,
        KernelFamily.Vector256 => Simd256.IsSupported,
        _ => false,
    };

    /// <summary>A short description, e.g. "Vector512 (AVX-512, 12x32 tiles)".</summary>
    public static string Describe(KernelFamily family) => Resolve(family) switch
    {
        KernelFamily.Vector512 => "Vector512 (AVX-512, 12x32 tiles)",
        KernelFamily.Vector256 => "Vector256 (AVX2+FMA, 6x16 tiles)",
        _ => "Reference (scalar loops)",
    };

    internal static KernelFamily Resolve(KernelFamily family)
    {
        if (family == KernelFamily.Auto)
        {
            return Best;
        }

        if (!IsSupported(family))
        {
            throw new PlatformNotSupportedException($"Kernel family {family} is not supported on this machine (best: {Best}).");
        }

        return family;
    }
}
