using static SliceMoE.IO.Safetensors.SafetensorsError;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Checks the tensors' byte ranges against each other and against the byte buffer, as the official
/// implementation does: taken in offset order, the ranges must tile the buffer exactly (contiguous, no
/// overlap, no hole, nothing after the last), and each range's length must be its shape's element count
/// times its dtype's size. Each failure gets its own <see cref="SafetensorsErrorKind"/>.
/// </summary>
internal static class SafetensorsLayout
{
    /// <summary>Validates and returns the entries sorted by offset (the file's layout order).</summary>
    /// <param name="entries">The header's entries, in any order.</param>
    /// <param name="bufferLength">Bytes after the header: file length - 8 - header length.</param>
    /// <param name="file">The file, for messages.</param>
    public static List<SafetensorsEntry> Validate(List<SafetensorsEntry> entries, long bufferLength, string? file)
    {
        foreach (var e in entries)
        {
            CheckOne(e, bufferLength, file);
        }

        var sorted = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long cursor = 0;
        SafetensorsEntry? previous = null;
        foreach (var e in sorted)
        {
            if (e.Begin < cursor)
            {
                throw Create(SafetensorsErrorKind.OffsetsOverlap, file, e.Name,
                    $"tensor {Quote(e.Name)} occupies bytes [{e.Begin}, {e.End}), which overlap {Quote(previous!.Name)} at [{previous.Begin}, {previous.End}); tensors must not share bytes.");
            }

            if (e.Begin > cursor)
            {
                string before = previous is null ? "the start of the buffer" : $"the end of {Quote(previous.Name)}";
                throw Create(SafetensorsErrorKind.OffsetsHole, file, e.Name,
                    $"bytes [{cursor}, {e.Begin}) between {before} and tensor {Quote(e.Name)} belong to no tensor; the tensors must cover the buffer with no holes.");
            }

            cursor = e.End;
            previous = e;
        }

        if (cursor != bufferLength)
        {
            string last = previous is null ? "there are no tensors" : $"the last tensor {Quote(previous.Name)} ends at byte {cursor}";
            throw Create(SafetensorsErrorKind.TrailingBytes, file, previous?.Name,
                $"the byte buffer after the header has {bufferLength} bytes but {last}; {bufferLength - cursor} trailing bytes belong to no tensor (was something appended to the file?).");
        }

        return sorted;
    }

    private static void CheckOne(SafetensorsEntry e, long bufferLength, string? file)
    {
        if (e.End < e.Begin)
        {
            throw Create(SafetensorsErrorKind.OffsetsReversed, file, e.Name,
                $"tensor {Quote(e.Name)} has data_offsets [{e.Begin}, {e.End}), whose end comes before its begin.");
        }

        long? expected = e.Dtype.ByteLength(e.ElementCount);
        if (expected is null)
        {
            throw Create(SafetensorsErrorKind.SizeMismatch, file, e.Name,
                $"tensor {Quote(e.Name)} of dtype {e.Dtype.ToHeaderName()} and shape {e.ShapeText} ({e.ElementCount} elements of {e.Dtype.BitSize()} bits) does not fill a whole number of bytes.");
        }

        if (e.ByteLength != expected)
        {
            throw Create(SafetensorsErrorKind.SizeMismatch, file, e.Name,
                $"tensor {Quote(e.Name)} has dtype {e.Dtype.ToHeaderName()} and shape {e.ShapeText}, so {expected} bytes, but its data_offsets [{e.Begin}, {e.End}) span {e.ByteLength} bytes.");
        }

        if (e.End > bufferLength)
        {
            throw Create(SafetensorsErrorKind.OffsetsOutOfRange, file, e.Name,
                $"tensor {Quote(e.Name)} occupies bytes [{e.Begin}, {e.End}) but the byte buffer after the header has only {bufferLength} bytes; the file is probably truncated (an interrupted copy or download).");
        }
    }
}
