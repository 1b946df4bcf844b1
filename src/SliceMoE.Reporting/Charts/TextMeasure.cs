namespace SliceMoE.Reporting.Charts;

/// <summary>
/// Estimates rendered text width without a font engine, so that layout (margins, legends, label rotation)
/// can be decided in pure C#. The widths are DejaVu Sans advances (in em), the widest font in our font
/// stack that a bare Linux machine falls back to; narrower fonts (Arial, Segoe UI) then only leave a little
/// extra room, never an overlap.
/// </summary>
internal static class TextMeasure
{
    // Advance widths in em for ASCII 32..126.
    private static readonly double[] Ascii =
    [
        0.318, 0.401, 0.460, 0.838, 0.636, 0.950, 0.780, 0.275, 0.390, 0.390, 0.500, 0.838, 0.318, 0.361, 0.318, 0.337, // ' ' .. '/'
        0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, // digits
        0.337, 0.337, 0.838, 0.838, 0.838, 0.531, 1.000, // ':' .. '@'
        0.684, 0.686, 0.698, 0.770, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295, 0.656, 0.557, 0.863, // A..M
        0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685, 0.611, 0.685, // N..Z
        0.390, 0.337, 0.390, 0.838, 0.500, 0.500, // '[' .. '`'
        0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974, // a..m
        0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525, // n..z
        0.636, 0.337, 0.636, 0.838, // '{' .. '~'
    ];

    /// <summary>Estimated width in pixels of <paramref name="text"/> at <paramref name="fontSize"/> pixels.</summary>
    public static double Width(string text, double fontSize, bool bold = false)
    {
        double em = 0;
        foreach (char c in text)
        {
            em += CharWidth(c);
        }

        return em * fontSize * (bold ? 1.08 : 1.0);
    }

    /// <summary>The longest prefix of <paramref name="text"/> (plus an ellipsis) that fits in <paramref name="maxWidth"/>.</summary>
    public static string Truncate(string text, double maxWidth, double fontSize)
    {
        if (Width(text, fontSize) <= maxWidth)
        {
            return text;
        }

        double budget = maxWidth - Width("…", fontSize);
        double used = 0;
        int n = 0;
        while (n < text.Length && used + (CharWidth(text[n]) * fontSize) <= budget)
        {
            used += CharWidth(text[n]) * fontSize;
            n++;
        }

        if (n > 0 && char.IsHighSurrogate(text[n - 1]))
        {
            n--;
        }

        return string.Concat(text.AsSpan(0, n), "…");
    }

    private static double CharWidth(char c)
    {
        if (c >= ' ' && c <= '~')
        {
            return Ascii[c - ' '];
        }

        if (c >= '\u0300' && c <= '\u036F' || char.IsLowSurrogate(c))
        {
            return 0; // combining marks and the second half of a pair take no extra room
        }

        if (c >= '\u1100' && (c <= '\u115F' || (c >= '\u2E80' && c <= '\uA4CF') || (c >= '\uAC00' && c <= '\uD7A3') || (c >= '\uF900' && c <= '\uFAFF') || (c >= '\uFF00' && c <= '\uFF60')) || char.IsHighSurrogate(c))
        {
            return 1.0; // wide (CJK, Hangul, full-width) and astral characters
        }

        return 0.65;
    }
}
