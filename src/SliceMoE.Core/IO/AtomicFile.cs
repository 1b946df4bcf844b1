using System.Security.Cryptography;

namespace SliceMoE.IO;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content, never a mix:
/// the content goes to <c>path + ".tmp-&lt;random&gt;"</c> in the same folder, is flushed to disk
/// (<c>fsync</c>), and the temporary file is then renamed over the destination (an atomic
/// <c>rename(2)</c> on Linux, <c>MoveFileEx</c> with replace on Windows). On any failure the temporary
/// file is deleted and the previous file is left untouched.
/// <para>
/// What this does not do: fsync the folder after the rename (.NET cannot open a folder), so after a power
/// cut right at the end a journaling file system may show the old file; it never shows a partial one.
/// </para>
/// </summary>
public static class AtomicFile
{
    /// <summary>The temporary files this writes are named <c>path + TempMarker + 12 hex digits</c>.</summary>
    public const string TempMarker = ".tmp-";

    /// <summary>Writes <paramref name="length"/> bytes produced by <paramref name="write"/> to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="length">Expected size, preallocated so that a full disk fails before anything is replaced; null when unknown (no preallocation or size check).</param>
    /// <param name="write">Writes the content; it may throw, which aborts the save.</param>
    public static void Write(string path, long? length, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string temp = full + TempMarker + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                BufferSize = 1 << 20,
                PreallocationSize = length ?? 0,
            };
            using (var stream = new FileStream(temp, options))
            {
                write(stream);
                if (length is not null && stream.Length != length)
                {
                    throw new InvalidOperationException($"Wrote {stream.Length} bytes to '{temp}' but {length} were expected.");
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes the content produced by <paramref name="write"/> (size not known in advance) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="write">Writes the content; it may throw, which aborts the save.</param>
    public static void Write(string path, Action<Stream> write) => Write(path, null, write);

    /// <summary>Like <see cref="Write(string, long?, Action{Stream})"/>, creating the destination's folder first (for caches and vocabulary files, whose folders are the library's own).</summary>
    public static void WriteCreatingFolder(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Write(path, null, write);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
