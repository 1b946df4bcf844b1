using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SliceMoE.Tensors;
using static SliceMoE.IO.Safetensors.SafetensorsError;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// A safetensors file opened for reading (the Hugging Face format: an 8-byte little-endian header
/// length N, N bytes of UTF-8 JSON header, then the tensors' bytes).
/// <para>
/// <see cref="Open"/> reads and validates the whole header up front (see <see cref="SafetensorsErrorKind"/>
/// for every check) and keeps the file open; tensor data is read lazily, one tensor per call, straight
/// from the file into the returned tensor (F32) or through a small buffer (conversions), so nothing
/// larger than the header and the requested tensor is ever held. Reads are positional, so several
/// threads may read different tensors at once. Dispose the file when done.
/// </para>
/// <para>
/// The file is opened with sharing that allows it to be replaced (renamed over) while open: this reader
/// then keeps reading the version it validated.
/// </para>
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    /// <summary>The largest header the official implementation accepts, in bytes.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const int ChunkBytes = 1 << 16;
    private const int DirectChunkElements = 1 << 28;

    private readonly SafeFileHandle _handle;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsFile(string path, SafeFileHandle handle, long dataStart, List<SafetensorsEntry> entries, OrderedDictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        _dataStart = dataStart;
        Entries = entries.AsReadOnly();
        Metadata = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(metadata);
        _byName = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    /// <summary>The path the file was opened with.</summary>
    public string Path { get; }

    /// <summary>The header's <c>__metadata__</c> map, in header order (empty when absent or null).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor, in layout order (ascending offsets).</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>Opens <paramref name="path"/> and validates its header and layout.</summary>
    /// <exception cref="SafetensorsException">When the file is malformed; <see cref="SafetensorsException.Kind"/> says how.</exception>
    /// <exception cref="IOException">When the file cannot be opened or read (e.g. <see cref="FileNotFoundException"/>).</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8)
            {
                throw Create(SafetensorsErrorKind.FileTooSmall, path, null,
                    $"the file has {fileLength} bytes, fewer than the 8-byte header length that starts every safetensors file (an empty or truncated file?).");
            }

            Span<byte> prefix = stackalloc byte[8];
            ReadExactly(handle, prefix, 0, path);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderLength)
            {
                throw Create(SafetensorsErrorKind.HeaderTooLarge, path, null,
                    $"the header length is {headerLength} bytes, above the {MaxHeaderLength}-byte limit of the format.{NotSafetensorsHint(prefix)}");
            }

            if (8 + (long)headerLength > fileLength)
            {
                throw Create(SafetensorsErrorKind.HeaderExceedsFile, path, null,
                    $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow the length prefix; the file is truncated or not a safetensors file.{NotSafetensorsHint(prefix)}");
            }

            var header = new byte[headerLength];
            ReadExactly(handle, header, 8, path);
            var parsed = SafetensorsHeaderParser.Parse(header, path);
            long dataStart = 8 + (long)headerLength;
            var entries = SafetensorsLayout.Validate(parsed.Entries, fileLength - dataStart, path);
            return new SafetensorsFile(path, handle, dataStart, entries, parsed.Metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The entry named <paramref name="name"/>.</summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.MissingTensor"/>, with close names, when absent.</exception>
    public SafetensorsEntry GetEntry(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var entry))
        {
            return entry;
        }

        var close = NameSuggestions.For(name, _byName.Keys);
        string hint = close.Count > 0
            ? $" Did you mean {string.Join(", ", close.Select(Quote))}?"
            : $" Its tensors start with {string.Join(", ", Entries.Select(e => e.Name).Order(StringComparer.Ordinal).Take(NameSuggestions.MaxSuggestions).Select(Quote))}{(Entries.Count > NameSuggestions.MaxSuggestions ? ", ..." : string.Empty)}.";
        throw Create(SafetensorsErrorKind.MissingTensor, Path, name,
            $"there is no tensor {Quote(name)} among its {Entries.Count} tensors.{(Entries.Count > 0 ? hint : string.Empty)}");
    }

    /// <summary>
    /// Reads a tensor as float32. F32 is read as is; F16 and BF16 are widened exactly; F64 is rounded to
    /// the nearest float32 (ties to even), magnitudes beyond float32's range becoming ±∞.
    /// </summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.MissingTensor"/> or <see cref="SafetensorsErrorKind.DtypeNotConvertible"/>.</exception>
    public Tensor<float> ReadFloat32(string name)
    {
        var entry = GetEntry(name);
        RequireDtype(entry, ElementConversions.IsFloat(entry.Dtype), "float32", "ReadInt64 or ReadInt32");
        var tensor = new Tensor<float>(entry.Shape.ToArray());
        try
        {
            if (entry.Dtype == SafetensorsDtype.F32 && BitConverter.IsLittleEndian)
            {
                // Straight into the tensor's memory, in pieces that keep each byte span under 2 GiB.
                var all = tensor.Span;
                for (int done = 0; done < all.Length; done += DirectChunkElements)
                {
                    var part = all.Slice(done, Math.Min(DirectChunkElements, all.Length - done));
                    ReadExactly(_handle, MemoryMarshal.AsBytes(part), _dataStart + entry.Begin + (4L * done), Path);
                }
            }
            else
            {
                ReadConverted(entry, tensor.Span, ElementConversions.ToSingle);
            }

            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor as float32 (see <see cref="ReadFloat32(string)"/>), requiring its shape to be <paramref name="expectedShape"/>.</summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.ShapeMismatch"/> naming the tensor, both shapes and the file.</exception>
    public Tensor<float> ReadFloat32(string name, params int[] expectedShape)
    {
        RequireShape(GetEntry(name), expectedShape);
        return ReadFloat32(name);
    }

    /// <summary>Reads a tensor of any float dtype (F64, F32, F16, BF16) as float64, exactly.</summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.MissingTensor"/> or <see cref="SafetensorsErrorKind.DtypeNotConvertible"/>.</exception>
    public Tensor<double> ReadFloat64(string name)
    {
        var entry = GetEntry(name);
        RequireDtype(entry, ElementConversions.IsFloat(entry.Dtype), "float64", "ReadInt64 or ReadInt32");
        var tensor = new Tensor<double>(entry.Shape.ToArray());
        try
        {
            ReadConverted(entry, tensor.Span, ElementConversions.ToDouble);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Reads a tensor as float64 (see <see cref="ReadFloat64(string)"/>), requiring its shape to be <paramref name="expectedShape"/>.</summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.ShapeMismatch"/> naming the tensor, both shapes and the file.</exception>
    public Tensor<double> ReadFloat64(string name, params int[] expectedShape)
    {
        RequireShape(GetEntry(name), expectedShape);
        return ReadFloat64(name);
    }

    /// <summary>
    /// Reads an integer tensor (I64, I32, U32, I16, U16, I8, U8, or BOOL as 0/1) as int64 values in
    /// row-major order; its shape is <see cref="GetEntry"/>'s.
    /// </summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.MissingTensor"/> or <see cref="SafetensorsErrorKind.DtypeNotConvertible"/>.</exception>
    public long[] ReadInt64(string name)
    {
        var entry = GetEntry(name);
        RequireDtype(entry, ElementConversions.IsInteger(entry.Dtype), "int64", "ReadFloat32 or ReadFloat64");
        var values = new long[checked((int)entry.ElementCount)];
        ReadConverted(entry, values.AsSpan(), ElementConversions.ToInt64);
        return values;
    }

    /// <summary>
    /// Reads an integer tensor (see <see cref="ReadInt64"/>) as int32 values; I64 and U32 values must fit.
    /// PyTorch stores indices as int64, so this is the usual way to read them into int32.
    /// </summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.ValueOutOfRange"/> when a value does not fit.</exception>
    public int[] ReadInt32(string name)
    {
        long[] wide = ReadInt64(name);
        var values = new int[wide.Length];
        for (int i = 0; i < wide.Length; i++)
        {
            if (wide[i] is < int.MinValue or > int.MaxValue)
            {
                var entry = GetEntry(name);
                throw Create(SafetensorsErrorKind.ValueOutOfRange, Path, name,
                    $"tensor {Quote(name)} ({entry.Dtype.ToHeaderName()} {entry.ShapeText}) holds {wide[i]} at flat index {i}, outside the int32 range; read it with ReadInt64.");
            }

            values[i] = (int)wide[i];
        }

        return values;
    }

    /// <summary>
    /// The SHA-256 of a tensor's bytes as stored (lowercase hex), read in pieces: what a writer that recorded the hash of
    /// the data it wrote compares against to find a tensor changed on disk.
    /// </summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.MissingTensor"/>.</exception>
    public string Sha256(string name)
    {
        var entry = GetEntry(name);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long done = 0; done < entry.ByteLength; done += buffer.Length)
            {
                int n = (int)Math.Min(buffer.Length, entry.ByteLength - done);
                ReadExactly(_handle, buffer.AsSpan(0, n), _dataStart + entry.Begin + done, Path);
                hash.AppendData(buffer, 0, n);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();

    private delegate void Converter<T>(SafetensorsDtype dtype, ReadOnlySpan<byte> src, Span<T> dst);

    private void ReadConverted<T>(SafetensorsEntry entry, Span<T> dst, Converter<T> convert)
    {
        int size = entry.Dtype.BitSize() / 8;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int perChunk = ChunkBytes / size;
            for (int done = 0; done < dst.Length; done += perChunk)
            {
                int n = Math.Min(perChunk, dst.Length - done);
                var bytes = buffer.AsSpan(0, n * size);
                ReadExactly(_handle, bytes, _dataStart + entry.Begin + ((long)done * size), Path);
                convert(entry.Dtype, bytes, dst.Slice(done, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RequireDtype(SafetensorsEntry entry, bool convertible, string wanted, string alternative)
    {
        if (!convertible)
        {
            throw Create(SafetensorsErrorKind.DtypeNotConvertible, Path, entry.Name,
                $"tensor {Quote(entry.Name)} has dtype {entry.Dtype.ToHeaderName()}, which cannot be read as {wanted}; use {alternative} for it, or convert the tensor before saving.");
        }
    }

    private void RequireShape(SafetensorsEntry entry, int[] expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!entry.HasShape(expected))
        {
            bool transposed = expected.Length == 2 && entry.Shape.Length == 2 && expected[0] == entry.Shape[1] && expected[1] == entry.Shape[0];
            string hint = transposed ? " It looks transposed: PyTorch stores Linear weights as [out, in]." : string.Empty;
            throw Create(SafetensorsErrorKind.ShapeMismatch, Path, entry.Name,
                $"tensor {Quote(entry.Name)} has shape {entry.ShapeText} but shape {Tensor<float>.FormatShape(expected)} was expected.{hint}");
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        while (!destination.IsEmpty)
        {
            int n = RandomAccess.Read(handle, destination, offset);
            if (n == 0)
            {
                throw new EndOfStreamException($"Safetensors file '{path}' ended at byte {offset} while reading; it was truncated after it was opened.");
            }

            destination = destination[n..];
            offset += n;
        }
    }

    private static string NotSafetensorsHint(ReadOnlySpan<byte> prefix) =>
        prefix[0] == (byte)'P' && prefix[1] == (byte)'K'
            ? " It starts with 'PK', a zip archive: probably a PyTorch torch.save() file (.pt/.bin); convert it with safetensors.torch.save_file."
            : string.Empty;
}
