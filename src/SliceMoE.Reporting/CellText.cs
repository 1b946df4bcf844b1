using System.Globalization;

namespace SliceMoE.Reporting;

/// <summary>Formats table cells: numbers in the invariant culture with the column's format, null as an em dash.</summary>
internal static class CellText
{
    public const string DefaultDoubleFormat = "0.####";

    public static bool IsNumeric(object? value) =>
        value is double or float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte;

    public static string Format(object? value, string? format) => value switch
    {
        null => "—",
        string s => s,
        double d => FormatDouble(d, format),
        float f => FormatDouble(f, format),
        decimal m => m.ToString(format ?? "0.####", CultureInfo.InvariantCulture),
        Verdict v => VerdictText.Label(v),
        IFormattable x => x.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string FormatDouble(double d, string? format)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "∞" : "−∞";
        }

        string s = d.ToString(format ?? DefaultDoubleFormat, CultureInfo.InvariantCulture);
        // Rounding a tiny negative number to "-0" reads as a sign error.
        return s.StartsWith('-') && s.Skip(1).All(ch => ch is '0' or '.' or ',' or ' ' or '%' or 'E' or 'e' or '+')
            ? s[1..]
            : s;
    }
}
