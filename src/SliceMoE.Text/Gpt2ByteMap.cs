namespace SliceMoE.Text;

/// <summary>
/// GPT-2's reversible byte to character mapping (<c>bytes_to_unicode</c> in OpenAI's encoder.py).
/// The vocabulary stores tokens as strings, so every byte needs a printable, non-space character:
/// bytes that are already printable Latin-1 map to themselves, the other 68 to U+0100 onwards in
/// byte order (space 0x20 becomes 'Ġ' U+0120, newline 0x0A becomes 'Ċ' U+010A).
/// </summary>
internal static class Gpt2ByteMap
{
    /// <summary>The character standing for each byte.</summary>
    public static readonly char[] ByteToChar = BuildByteToChar();

    /// <summary>The byte each mapped character stands for, -1 for characters that stand for none; index by char below <see cref="CharLimit"/>.</summary>
    public static readonly short[] CharToByte = BuildCharToByte();

    /// <summary>One past the highest mapped character (U+0143).</summary>
    public const int CharLimit = 0x144;

    /// <summary>The byte <paramref name="c"/> stands for, or -1.</summary>
    public static int ByteOf(char c) => c < CharLimit ? CharToByte[c] : -1;

    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static short[] BuildCharToByte()
    {
        var inverse = new short[CharLimit];
        Array.Fill(inverse, (short)-1);
        char[] forward = BuildByteToChar();
        for (int b = 0; b < 256; b++)
        {
            inverse[forward[b]] = (short)b;
        }

        return inverse;
    }
}
