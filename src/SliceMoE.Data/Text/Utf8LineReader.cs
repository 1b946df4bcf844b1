using System.Buffers;
using System.Text.Unicode;

namespace SliceMoE.Data.Text;

/// <summary>
/// Reads a UTF-8 text file line by line without ever holding more than one line, counting lines, so that a
/// malformed byte can be reported with its file, line and column. Lines end at <c>\n</c>; a trailing <c>\r</c>
/// and a leading byte-order mark are dropped. Invalid UTF-8 does not throw here: the line is decoded with
/// U+FFFD replacements and <see cref="LastLineError"/> says where the first bad byte was, so the caller can apply
/// its <see cref="MalformedRowPolicy"/>.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    private const int BufferSize = 1 << 16;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start, _end;
    private bool _eof;
    private byte[] _line = new byte[256];

    public Utf8LineReader(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    /// <summary>The file being read (as given; used in error messages).</summary>
    public string Path { get; }

    /// <summary>1-based number of the line last returned; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Where the last line returned had its first invalid UTF-8 byte, or null when it was valid.</summary>
    public DataFormatException? LastLineError { get; private set; }

    /// <summary>Reads the next line; false at the end of the file.</summary>
    public bool TryReadLine(out string line)
    {
        int length = 0;
        bool any = false;
        while (true)
        {
            if (_start == _end)
            {
                if (_eof || !Fill())
                {
                    break;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_start, _end - _start);
            int nl = span.IndexOf((byte)'\n');
            int take = nl < 0 ? span.Length : nl;
            Append(ref length, span[..take]);
            _start += nl < 0 ? take : take + 1;
            if (nl >= 0)
            {
                line = Decode(length);
                return true;
            }
        }

        if (!any && length == 0)
        {
            line = "";
            LastLineError = null;
            return false;
        }

        line = Decode(length);
        return true;
    }

    public void Dispose() => _stream.Dispose();

    private bool Fill()
    {
        _start = 0;
        _end = _stream.Read(_buffer, 0, _buffer.Length);
        if (_end == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }

    private void Append(ref int length, ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Max(_line.Length * 2, length + bytes.Length));
        }

        bytes.CopyTo(_line.AsSpan(length));
        length += bytes.Length;
    }

    private string Decode(int length)
    {
        LineNumber++;
        var bytes = _line.AsSpan(0, length);
        if (LineNumber == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        if (Utf8.IsValid(bytes))
        {
            LastLineError = null;
            return System.Text.Encoding.UTF8.GetString(bytes);
        }

        LastLineError = InvalidUtf8(Path, LineNumber, null, bytes, "line");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    /// <summary>
    /// The error for the first invalid byte of <paramref name="bytes"/>, which are a whole line or one field
    /// (<paramref name="unit"/>). Without a <paramref name="column"/>, the column is the 1-based byte offset in the line.
    /// </summary>
    internal static DataFormatException InvalidUtf8(string path, long line, string? column, ReadOnlySpan<byte> bytes, string unit)
    {
        char[] scratch = ArrayPool<char>.Shared.Rent(bytes.Length + 1);
        try
        {
            Utf8.ToUtf16(bytes, scratch, out int bytesRead, out _, replaceInvalidSequences: false);
            return new DataFormatException(
                path,
                line,
                column ?? (bytesRead + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"invalid UTF-8 (byte 0x{bytes[bytesRead]:X2} at byte {bytesRead + 1} of the {unit})",
                "re-encode the file as UTF-8, e.g. iconv -f latin1 -t utf-8, or " + Hints.SkipRow);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }
}
