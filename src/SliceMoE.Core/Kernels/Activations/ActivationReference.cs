using System.Numerics;

namespace SliceMoE.Kernels.Activations;

/// <summary>
/// Plain double-precision activations and derivatives: the oracle for the vectorised kernels and the
/// implementation used when layers run in <see cref="double"/> for gradient checks.
/// </summary>
public static class ActivationReference
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double SqrtTwoOverPi = 0.79788456080286535588;
    private const double TanhCubic = 0.044715;

    /// <summary>f(x) for the given activation.</summary>
    public static double Forward(Activation kind, double x) => kind switch
    {
        Activation.None => x,
        Activation.Relu => x > 0 ? x : 0,
        Activation.GeluErf => 0.5 * x * (1 + Erf(x * InvSqrt2)),
        Activation.GeluTanh => 0.5 * x * (1 + Math.Tanh(SqrtTwoOverPi * (x + (TanhCubic * x * x * x)))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation."),
    };

    /// <summary>f'(x) for the given activation.</summary>
    public static double Derivative(Activation kind, double x)
    {
        switch (kind)
        {
            case Activation.None:
                return 1;
            case Activation.Relu:
                return x > 0 ? 1 : 0;
            case Activation.GeluErf:
                return (0.5 * (1 + Erf(x * InvSqrt2))) + (x * InvSqrt2Pi * Math.Exp(-0.5 * x * x));
            case Activation.GeluTanh:
                double u = SqrtTwoOverPi * (x + (TanhCubic * x * x * x));
                double t = Math.Tanh(u);
                return (0.5 * (1 + t)) + (0.5 * x * (1 - (t * t)) * SqrtTwoOverPi * (1 + (3 * TanhCubic * x * x)));
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }
    }

    /// <summary>y = f(x), element-wise, for any floating-point type (computed in double).</summary>
    public static void Forward<T>(Activation kind, ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        ElementwiseChecks.SameLength(x.Length, y.Length, nameof(y));
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = T.CreateTruncating(Forward(kind, double.CreateTruncating(x[i])));
        }
    }

    /// <summary>dx (+)= dy ⊙ f'(x), element-wise, for any floating-point type (computed in double).</summary>
    public static void Backward<T>(Activation kind, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dx, bool accumulate)
        where T : IFloatingPointIeee754<T>
    {
        ElementwiseChecks.SameLength(x.Length, dy.Length, nameof(dy));
        ElementwiseChecks.SameLength(x.Length, dx.Length, nameof(dx));
        for (int i = 0; i < x.Length; i++)
        {
            double g = double.CreateTruncating(dy[i]) * Derivative(kind, double.CreateTruncating(x[i]));
            dx[i] = accumulate ? dx[i] + T.CreateTruncating(g) : T.CreateTruncating(g);
        }
    }

    /// <summary>
    /// The error function in double precision, from the everywhere-positive series
    /// erf(x) = 2/√π e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), which has no cancellation; |x| ≥ 6 gives ±1.
    /// </summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (ax >= 6)
        {
            return Math.Sign(x);
        }

        double term = ax;
        double sum = ax;
        double x2 = ax * ax;
        for (int n = 1; n < 500 && term > sum * 1e-17; n++)
        {
            term *= 2 * x2 / ((2 * n) + 1);
            sum += term;
        }

        double result = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
        return Math.CopySign(Math.Min(result, 1.0), x);
    }
}
