using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Moe;
using SliceMoE.Moe.Routing;

namespace SliceMoE.Tests.Moe;

/// <summary>
/// The test oracle for dispatch: given a layer's parameters and a routing decision, loops over every row and every
/// expert in double precision, with no sorting, gathering or grouping: out_row = Σ_e [e assigned] FFN_e(gate · slice).
/// </summary>
public static class NaiveMoe
{
    /// <summary>Output [N, d] of <paramref name="layer"/> for input <paramref name="x"/> [N, d] under <paramref name="plan"/>.</summary>
    public static double[] Forward<T>(MoeLayer<T> layer, ReadOnlySpan<T> x, RoutingPlan<T> plan) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(plan);
        var c = layer.Config;
        int d = c.ModelDim, s = c.Slices, ds = c.SliceDim, h = c.ResolvedExpertHidden, n = x.Length / d;
        var perm = layer.Permutation;
        var output = new double[n * d];
        var slice = new double[ds];
        var hidden = new double[h];
        for (int t = 0; t < n; t++)
        {
            for (int si = 0; si < s; si++)
            {
                int row = (t * s) + si;
                for (int j = 0; j < ds; j++)
                {
                    int coord = (si * ds) + j;
                    slice[j] = double.CreateTruncating(x[(t * d) + (perm is null ? coord : perm[coord])]);
                }

                for (int e = 0; e < c.Experts; e++)
                {
                    for (int i = plan.RowStart[row]; i < plan.RowStart[row + 1]; i++)
                    {
                        if (plan.Expert[i] != e || !plan.Active[i])
                        {
                            continue;
                        }

                        double g = double.CreateTruncating(plan.Gate[i]);
                        var w1 = layer.Experts.Fc1Weight(e);
                        var b1 = layer.Experts.Fc1Bias(e);
                        var w2 = layer.Experts.Fc2Weight(e);
                        var b2 = layer.Experts.Fc2Bias(e);
                        for (int u = 0; u < h; u++)
                        {
                            double a = double.CreateTruncating(b1[u]);
                            for (int j = 0; j < ds; j++)
                            {
                                a += double.CreateTruncating(w1[(u * ds) + j]) * g * slice[j];
                            }

                            hidden[u] = ActivationReference.Forward(c.Activation, a);
                        }

                        for (int j = 0; j < ds; j++)
                        {
                            double o = double.CreateTruncating(b2[j]);
                            for (int u = 0; u < h; u++)
                            {
                                o += double.CreateTruncating(w2[(j * h) + u]) * hidden[u];
                            }

                            int coord = (si * ds) + j;
                            output[(t * d) + (perm is null ? coord : perm[coord])] += o;
                        }
                    }
                }
            }
        }

        return output;
    }
}
