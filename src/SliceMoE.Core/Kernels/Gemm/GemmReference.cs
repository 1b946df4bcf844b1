using System.Numerics;
using SliceMoE.Kernels.Activations;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// The plain triple loop, accumulating in double: the oracle every fast GEMM is tested against, and the
/// implementation used for <see cref="double"/> (gradient checks) and where no SIMD family is available.
/// </summary>
internal static unsafe class GemmReference
{
    /// <summary>C (+)= op(A) op(B), then the epilogue; see <see cref="GemmProblem"/> for the stride convention.</summary>
    public static void Run<T>(
        T* a, long ars, long acs, T* b, long brs, long bcs, T* c, long ldc, int m, int n, int k,
        bool accumulate, GemmEpilogueSpec epilogue, T* bias, T* aux, long ldAux, T* biasGrad = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += double.CreateTruncating(a[(i * ars) + (p * acs)]) * double.CreateTruncating(b[(p * brs) + (j * bcs)]);
                }

                T* cij = c + (i * ldc) + j;
                if (accumulate)
                {
                    sum += double.CreateTruncating(*cij);
                }

                switch (epilogue.Kind)
                {
                    case GemmEpilogueKind.BiasActivation:
                        if (bias != null)
                        {
                            sum += double.CreateTruncating(bias[j]);
                        }

                        if (aux != null)
                        {
                            aux[(i * ldAux) + j] = T.CreateTruncating(sum);
                        }

                        sum = ActivationReference.Forward(epilogue.Activation, sum);
                        break;
                    case GemmEpilogueKind.BiasActivationDerivative:
                        if (bias != null)
                        {
                            sum += double.CreateTruncating(bias[j]);
                        }

                        aux[(i * ldAux) + j] = T.CreateTruncating(ActivationReference.Derivative(epilogue.Activation, sum));
                        sum = ActivationReference.Forward(epilogue.Activation, sum);
                        break;
                    case GemmEpilogueKind.DerivativeScale:
                        sum *= double.CreateTruncating(aux[(i * ldAux) + j]);
                        break;
                    case GemmEpilogueKind.ReluMask:
                        sum = aux[(i * ldAux) + j] > T.Zero ? sum : 0;
                        break;
                    default:
                        break;
                }

                *cij = T.CreateTruncating(sum);
            }
        }

        if (biasGrad != null)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int i = 0; i < m; i++)
                {
                    s += double.CreateTruncating(c[(i * ldc) + j]);
                }

                biasGrad[j] += T.CreateTruncating(s);
            }
        }
    }
}
