using System.Globalization;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Support;

/// <summary>Options of <see cref="GradientCheck"/>.</summary>
/// <param name="Step">Finite-difference step h. With central differences the error is O(h²) truncation plus
/// O(ε/h) rounding; h = 1e-6 balances them near 1e-10 in double for O(1) values.</param>
/// <param name="MaxCoordinates">Coordinates to check; beyond this many, a deterministic random sample is checked.</param>
/// <param name="Seed">Seed of the coordinate sample.</param>
public sealed record GradientCheckOptions(double Step = 1e-6, int MaxCoordinates = 48, ulong Seed = 1);

/// <summary>The outcome of comparing an analytic gradient with finite differences.</summary>
/// <param name="Name">What was checked (e.g. "router.fc1.weight").</param>
/// <param name="Checked">Coordinates compared.</param>
/// <param name="MaxAbsoluteError">Largest |analytic − numeric|.</param>
/// <param name="WorstIndex">Coordinate with the largest error relative to the tolerance.</param>
/// <param name="WorstAnalytic">Analytic value there.</param>
/// <param name="WorstNumeric">Numeric value there.</param>
/// <param name="WorstExcess">Largest |analytic − numeric| / (abs + rel · max(|analytic|, |numeric|)) for the tolerance the check was scored with; ≤ 1 passes.</param>
public sealed record GradientCheckResult(string Name, int Checked, double MaxAbsoluteError, int WorstIndex, double WorstAnalytic, double WorstNumeric, double WorstExcess)
{
    /// <summary>Whether every coordinate was within tolerance.</summary>
    public bool Passed => WorstExcess <= 1;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: {Checked} coordinates, max |error| {MaxAbsoluteError:E2}; worst at [{WorstIndex}]: analytic {WorstAnalytic:R} vs numeric {WorstNumeric:R} ({WorstExcess:F2}x tolerance)");
}

/// <summary>
/// Central finite differences against an analytic gradient, in double precision: for each checked coordinate i,
/// (L(θ + h eᵢ) − L(θ − h eᵢ)) / 2h is compared with the analytic ∂L/∂θᵢ, passing when
/// |analytic − numeric| ≤ abs + rel · max(|analytic|, |numeric|). Usable from any test: the loss is a closure that
/// recomputes the forward from the parameter's current values.
/// </summary>
public static class GradientCheck
{
    /// <summary>Checks <paramref name="analytic"/> = ∂<paramref name="loss"/>/∂<paramref name="parameter"/>; the parameter is restored afterwards.</summary>
    /// <param name="name">What is checked, for messages.</param>
    /// <param name="parameter">The values the loss reads (perturbed in place, one coordinate at a time).</param>
    /// <param name="analytic">The backward pass's gradient, same length.</param>
    /// <param name="loss">Recomputes the scalar loss from the current parameter values.</param>
    /// <param name="relativeTolerance">rel in the pass rule.</param>
    /// <param name="absoluteTolerance">abs in the pass rule.</param>
    /// <param name="options">Step size and sampling.</param>
    /// <exception cref="ArgumentException">When the lengths differ.</exception>
    public static GradientCheckResult Compare(string name, Span<double> parameter, ReadOnlySpan<double> analytic, Func<double> loss, double relativeTolerance = 1e-6, double absoluteTolerance = 1e-8, GradientCheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (parameter.Length != analytic.Length)
        {
            throw new ArgumentException($"{name}: the parameter has {parameter.Length} values but the analytic gradient {analytic.Length}.", nameof(analytic));
        }

        options ??= new GradientCheckOptions();
        var coordinates = ChooseCoordinates(parameter.Length, options);
        double maxAbs = 0, worstExcess = 0, worstA = 0, worstN = 0;
        int worst = -1;
        foreach (int i in coordinates)
        {
            double saved = parameter[i];
            parameter[i] = saved + options.Step;
            double plus = loss();
            parameter[i] = saved - options.Step;
            double minus = loss();
            parameter[i] = saved;
            double numeric = (plus - minus) / (2 * options.Step);
            double err = Math.Abs(analytic[i] - numeric);
            double excess = err / (absoluteTolerance + (relativeTolerance * Math.Max(Math.Abs(analytic[i]), Math.Abs(numeric))));
            maxAbs = Math.Max(maxAbs, err);
            if (worst < 0 || excess > worstExcess || double.IsNaN(excess))
            {
                (worst, worstExcess, worstA, worstN) = (i, double.IsNaN(excess) ? double.PositiveInfinity : excess, analytic[i], numeric);
            }
        }

        return new GradientCheckResult(name, coordinates.Length, maxAbs, worst, worstA, worstN, worstExcess);
    }

    private static int[] ChooseCoordinates(int length, GradientCheckOptions options)
    {
        if (length <= options.MaxCoordinates)
        {
            return Enumerable.Range(0, length).ToArray();
        }

        var all = Enumerable.Range(0, length).ToArray();
        new Rng(options.Seed).Shuffle<int>(all);
        var chosen = all[..options.MaxCoordinates];
        Array.Sort(chosen);
        return chosen;
    }
}
