using System.Globalization;
using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// BERT's accent stripping: canonical decomposition (NFD) with the non-spacing marks (Mn) removed,
/// e.g. "é" to "e", "Å" (U+212B) to "A", a Hangul syllable to its conjoining jamo. .NET cannot
/// normalise under InvariantGlobalization, so decompositions come from <see cref="UnicodeAccentTable"/>
/// (generated from Python's unicodedata) and the Hangul algorithm.
/// </summary>
internal static class UnicodeAccents
{
    private const int HangulBase = 0xAC00, HangulCount = 11172, JamoL = 0x1100, JamoV = 0x1161, JamoT = 0x11A7;
    private const int VowelCount = 21, TrailCount = 28;

    /// <summary>Appends <paramref name="rune"/> to <paramref name="output"/> without accents.</summary>
    public static void AppendStripped(Rune rune, StringBuilder output)
    {
        int cp = rune.Value;
        if (cp < 0xC0)
        {
            // Nothing below U+00C0 decomposes or is a mark: the ASCII and Latin-1 fast path.
            output.Append((char)cp);
            return;
        }

        if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
        {
            return;
        }

        int s = cp - HangulBase;
        if ((uint)s < HangulCount)
        {
            output.Append((char)(JamoL + (s / (VowelCount * TrailCount))));
            output.Append((char)(JamoV + (s % (VowelCount * TrailCount) / TrailCount)));
            if (s % TrailCount != 0)
            {
                output.Append((char)(JamoT + (s % TrailCount)));
            }

            return;
        }

        int index = UnicodeAccentTable.CodePoints.BinarySearch(cp);
        if (index >= 0)
        {
            ReadOnlySpan<ushort> starts = UnicodeAccentTable.Starts;
            output.Append(UnicodeAccentTable.Stripped.AsSpan(starts[index], starts[index + 1] - starts[index]));
            return;
        }

        AppendRune(rune, output);
    }

    /// <summary>Appends a rune as one or two UTF-16 units.</summary>
    public static void AppendRune(Rune rune, StringBuilder output)
    {
        if (rune.IsBmp)
        {
            output.Append((char)rune.Value);
        }
        else
        {
            Span<char> pair = stackalloc char[2];
            rune.EncodeToUtf16(pair);
            output.Append(pair);
        }
    }
}
