using System.Text;
using SliceMoE.Numerics;

namespace SliceMoE.Tests.Cli.Fuzz;

/// <summary>
/// Seeded mutations of a valid input file, of the kinds a damaged or misformatted file shows: cut off, bytes flipped,
/// fields added or removed, labels out of range or not numbers, invalid UTF-8, huge numbers, blank or duplicated lines.
/// </summary>
internal sealed class Mutator(Rng rng)
{
    private static readonly string[] Garbage = ["-1", "0", "99999999999999999999", "1e308", "NaN", "happy", "", " ", "\"", "\\", "{", "[]", "null", "１"];

    public (string Name, byte[] Bytes) Mutate(byte[] valid, char separator)
    {
        switch (rng.NextInt(9))
        {
            case 0:
                return ("truncated", valid[..rng.NextInt(valid.Length + 1)]);
            case 1:
            {
                var b = (byte[])valid.Clone();
                for (int i = 0, n = 1 + rng.NextInt(4); i < n && b.Length > 0; i++)
                {
                    b[rng.NextInt(b.Length)] ^= (byte)(1 << rng.NextInt(8));
                }

                return ("byte flips", b);
            }

            case 2:
                return ("invalid UTF-8", Insert(valid, [(byte)(rng.NextInt(2) == 0 ? 0xFF : 0xC3)]));
            case 3:
                return ("extra field", Insert(valid, Encoding.UTF8.GetBytes($"{separator}x")));
            case 4:
                return ("missing field", RemoveFirst(valid, (byte)separator));
            case 5:
                return ("bad value", ReplaceField(valid, separator, Garbage[rng.NextInt(Garbage.Length)]));
            case 6:
                return ("huge value", ReplaceField(valid, separator, new string('9', 400)));
            case 7:
                return ("blank lines", Insert(valid, "\n\n  \n"u8.ToArray()));
            default:
            {
                var lines = Encoding.UTF8.GetString(valid).Split('\n');
                int i = rng.NextInt(lines.Length);
                return ("duplicated line", Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(i + 1).Append(lines[i]).Concat(lines.Skip(i + 1)))));
            }
        }
    }

    private byte[] Insert(byte[] data, byte[] what)
    {
        int at = rng.NextInt(data.Length + 1);
        return [.. data[..at], .. what, .. data[at..]];
    }

    private byte[] RemoveFirst(byte[] data, byte value)
    {
        int start = rng.NextInt(data.Length + 1);
        int at = Array.IndexOf(data, value, start);
        return at < 0 ? data : [.. data[..at], .. data[(at + 1)..]];
    }

    /// <summary>One field of one line replaced by <paramref name="value"/>.</summary>
    private byte[] ReplaceField(byte[] data, char separator, string value)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n');
        int i = rng.NextInt(lines.Length);
        var fields = lines[i].Split(separator);
        fields[rng.NextInt(fields.Length)] = value;
        lines[i] = string.Join(separator, fields);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}
