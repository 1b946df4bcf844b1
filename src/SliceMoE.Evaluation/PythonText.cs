namespace SliceMoE.Evaluation;

/// <summary>
/// Python's <c>str.split()</c> and <c>str.rstrip()</c> (no arguments), which sacreBLEU uses to cut tokens.
/// Python's whitespace is .NET's <see cref="char.IsWhiteSpace(char)"/> plus U+001C..U+001F (the
/// file/group/record/unit separators); using .NET's set alone would make a few rare inputs tokenise differently.
/// </summary>
internal static class PythonText
{
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001C' && c <= '\u001F');

    public static string RStrip(string s)
    {
        int end = s.Length;
        while (end > 0 && IsSpace(s[end - 1]))
        {
            end--;
        }

        return end == s.Length ? s : s[..end];
    }

    public static List<string> Split(string s)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i]))
            {
                i++;
            }

            int start = i;
            while (i < s.Length && !IsSpace(s[i]))
            {
                i++;
            }

            if (i > start)
            {
                tokens.Add(s[start..i]);
            }
        }

        return tokens;
    }
}
