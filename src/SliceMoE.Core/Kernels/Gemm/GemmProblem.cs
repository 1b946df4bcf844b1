using SliceMoE.Kernels.Activations;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// One float32 multiply C (+)= op(A) op(B) in pointer form, the unit the driver works on. op(A) is M x K with
/// element (i, p) at A[i*ARowStride + p*AColStride]; op(B) is K x N with element (p, j) at B[p*BRowStride + j*BColStride];
/// C is M x N row-major with leading dimension Ldc. A grouped GEMM is a list of these. The pointers are typed
/// float* because the fast kernels are float32; the reference path reinterprets them for other element types.
/// </summary>
internal unsafe struct GemmProblem
{
    public float* A;
    public long ARowStride;
    public long AColStride;
    public float* B;
    public long BRowStride;
    public long BColStride;
    public float* C;
    public long Ldc;
    public int M;
    public int N;
    public int K;

    /// <summary>N bias values added to every row of C (epilogue <see cref="GemmEpilogueKind.BiasActivation"/>), or null.</summary>
    public float* Bias;

    /// <summary>M x N row-major (leading dimension <see cref="LdAux"/>): the pre-activation or the activation's derivative, written by a forward epilogue and read by a gradient epilogue; may be null in a plain forward.</summary>
    public float* Aux;

    public long LdAux;

    /// <summary>N column sums of the final C are added here (gradient epilogues), or null.</summary>
    public float* BiasGrad;

    /// <summary>B pre-packed into the micro-kernel's panels (all K rows of panel q at q·K·NR elements), or null: see <see cref="WeightPacks"/>.</summary>
    public void* PackedB;

    /// <summary>Whether <see cref="PackedB"/> holds bfloat16 rather than float32.</summary>
    public bool PackedBFloat16;

    public readonly double Flops => 2.0 * M * N * K;
}

/// <summary>What the driver does to each finished block of C.</summary>
internal enum GemmEpilogueKind
{
    /// <summary>Nothing.</summary>
    None,

    /// <summary>C = f(C + bias), with C + bias saved in Aux when Aux is set.</summary>
    BiasActivation,

    /// <summary>C = f(C + bias), with f'(C + bias) saved in Aux (required).</summary>
    BiasActivationDerivative,

    /// <summary>C = C ⊙ Aux, Aux holding a saved derivative: the backward of <see cref="BiasActivationDerivative"/>, fused after the GEMM that produces its upstream gradient.</summary>
    DerivativeScale,

    /// <summary>C = C where Aux &gt; 0, else 0, Aux holding a ReLU's output: the ReLU's backward, without a saved derivative.</summary>
    ReluMask,
}

/// <summary>The epilogue applied to every problem of a call.</summary>
internal readonly record struct GemmEpilogueSpec(GemmEpilogueKind Kind, Activation Activation)
{
    public static GemmEpilogueSpec None => new(GemmEpilogueKind.None, Activation.None);
}
