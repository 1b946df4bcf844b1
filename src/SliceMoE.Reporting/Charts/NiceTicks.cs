using System.Globalization;

namespace SliceMoE.Reporting.Charts;

/// <summary>
/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, the smallest such step that needs at most
/// <c>maxTicks</c> ticks to cover the data, axis bounds rounded out to whole steps. Degenerate input is
/// handled rather than rejected: a constant range is widened by 10% (to [0, 1] for zero), NaN and
/// infinite bounds are ignored, and reversed bounds are swapped.
/// </summary>
public static class NiceTicks
{
    private static readonly int[] Mantissas = [1, 2, 5];

    /// <summary>Ticks for a linear axis covering [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxTicks"/> is less than 3 (a range across zero needs a tick below it, zero, and one above).</exception>
    public static TickSet Linear(double min, double max, int maxTicks = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 3);
        (min, max) = Sanitize(min, max);
        if (!double.IsFinite(max - min))
        {
            // Spans near the double range overflow the step arithmetic; two end ticks still read correctly.
            return new TickSet(min, max, [min, max], [FormatScientific(min, 300), FormatScientific(max, 300)]);
        }

        int e = (int)Math.Floor(Math.Log10((max - min) / (maxTicks - 1))) - 1;
        while (true)
        {
            foreach (int m in Mantissas)
            {
                double step = Scaled(1, m, e);
                // The 1e-9 slack keeps 0.93 / 0.01 = 92.99999999999999 from adding a tick below the data.
                long k0 = (long)Math.Floor((min / step) + 1e-9);
                long k1 = (long)Math.Ceiling((max / step) - 1e-9);
                if (k1 - k0 + 1 <= maxTicks)
                {
                    return Build(k0, k1, m, e);
                }
            }

            e++;
        }
    }

    /// <summary>
    /// Ticks for a base-10 logarithmic axis: every power of ten (every second or third one over many decades),
    /// with 2x and 5x ticks added, and the axis ending at the 1-2-5 ticks around the data, when the range spans
    /// at most two decades. Data that lies between two neighbouring 1-2-5 ticks (a perplexity of 258-350) gets
    /// the <see cref="Linear"/> ticks instead, which on so short a range are close to evenly spaced: the axis
    /// fits the data rather than squeezing it between 200 and 500. Non-positive bounds are ignored.
    /// </summary>
    public static TickSet Log(double min, double max)
    {
        bool okMin = min > 0 && double.IsFinite(min), okMax = max > 0 && double.IsFinite(max);
        if (!okMin && !okMax)
        {
            (min, max) = (1, 10);
        }
        else if (!okMin)
        {
            min = max;
        }
        else if (!okMax)
        {
            max = min;
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        int lo = (int)Math.Floor(Math.Log10(min) + 1e-9);
        int hi = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        int decades = hi - lo;
        int every = Math.Max(1, (int)Math.Ceiling(decades / 7.0));
        var values = new List<double>();
        for (int k = lo; k <= hi; k++)
        {
            if ((k - lo) % every == 0)
            {
                values.Add(Scaled(1, 1, k));
            }

            if (decades <= 2 && k < hi)
            {
                values.Add(Scaled(1, 2, k));
                values.Add(Scaled(1, 5, k));
            }
        }

        values.Sort();
        double axisMin = Scaled(1, 1, lo), axisMax = Scaled(1, 1, hi);
        if (decades <= 2)
        {
            // With 1-2-5 ticks available, end the axis at the ticks around the data instead of whole decades,
            // so that [0.25, 4] gets [0.2, 5] rather than [0.1, 10].
            axisMin = values.Last(v => v <= min * (1 + 1e-9));
            axisMax = values.First(v => v >= max * (1 - 1e-9));
            values.RemoveAll(v => v < axisMin || v > axisMax);
            if (values.Count < 3 && max > min && Linear(min, max) is { Min: > 0 } linear)
            {
                return linear;
            }
        }

        // One notation for the whole axis: plain decimals if every tick reads well that way, else scientific.
        bool plain = values.All(v => v >= 1e-4 && v < 1e6);
        var labels = values.Select(v => plain
            ? v.ToString("0.####", CultureInfo.InvariantCulture)
            : FormatScientific(v, (int)Math.Floor(Math.Log10(v) + 1e-9))).ToArray();
        return new TickSet(axisMin, axisMax, values, labels);
    }

    /// <summary>
    /// Formats a tick on a linear axis whose step is m·10^<paramref name="stepExponent"/>: fixed decimals (as many as
    /// the step needs, the same for every tick) for ordinary magnitudes, short scientific notation ("2e-4", "1.5e6")
    /// when the largest tick is below 0.01 or at least a million.
    /// </summary>
    internal static string FormatLinear(double value, int stepExponent, double largestMagnitude)
    {
        if (largestMagnitude < 0.01 || largestMagnitude >= 1e6)
        {
            return FormatScientific(value, stepExponent);
        }

        int decimals = Math.Max(0, -stepExponent);
        string s = value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.StartsWith('-') && value == 0 ? s[1..] : s;
    }

    private static (double Min, double Max) Sanitize(double min, double max)
    {
        bool okMin = double.IsFinite(min), okMax = double.IsFinite(max);
        if (!okMin && !okMax)
        {
            return (0, 1);
        }

        if (!okMin)
        {
            min = max;
        }
        else if (!okMax)
        {
            max = min;
        }

        if (min > max)
        {
            (min, max) = (max, min);
        }

        double magnitude = Math.Max(Math.Abs(min), Math.Abs(max));
        if (max - min <= magnitude * 1e-9)
        {
            // A constant series: show it in the middle of a small range around it.
            double v = (min + max) / 2;
            return v == 0 ? (0, 1) : (v - (0.1 * Math.Abs(v)), v + (0.1 * Math.Abs(v)));
        }

        return (min, max);
    }

    private static TickSet Build(long k0, long k1, int m, int e)
    {
        int n = (int)(k1 - k0 + 1);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = Scaled(k0 + i, m, e);
        }

        double largest = Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
        var labels = new string[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = FormatLinear(values[i], e, largest);
        }

        return new TickSet(values[0], values[^1], values, labels);
    }

    // k·m·10^e, dividing by an exact power of ten for negative e so that 93·1/100 is exactly the double 0.93.
    private static double Scaled(long k, int m, int e)
    {
        double km = k * m;
        double v = e >= 0 ? km * Pow10(e) : km / Pow10(-e);
        return v == 0 ? 0 : v; // no -0
    }

    private static double Pow10(int n) => n <= 22 ? PowersOfTen[n] : Math.Pow(10, n);

    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    private static string FormatScientific(double value, int stepExponent)
    {
        if (value == 0)
        {
            return "0";
        }

        int exp = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double mantissa = value / Math.Pow(10, exp);
        if (Math.Abs(mantissa) >= 9.9999999)
        {
            exp++;
            mantissa /= 10;
        }

        int decimals = Math.Clamp(exp - stepExponent, 0, 6);
        string m = mantissa.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (m.Contains('.', StringComparison.Ordinal))
        {
            m = m.TrimEnd('0').TrimEnd('.');
        }

        return string.Create(CultureInfo.InvariantCulture, $"{m}e{exp}");
    }
}
