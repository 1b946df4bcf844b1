using System.Buffers.Binary;
using System.Text;
using SliceMoE.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Collects named tensors and metadata, then writes one safetensors file.
/// <para>
/// Layout (the official implementation's rule): tensors sorted by dtype alignment rank descending
/// (<see cref="SafetensorsDtype"/> order: I64/F64 before F32/I32 before BF16/F16 ...), then by name in
/// ordinal UTF-8 byte order; their bytes follow each other with no holes, starting at offset 0. The
/// header is compact JSON with <c>__metadata__</c> first (omitted when empty; keys in the order first
/// set, so a file read and written again keeps its bytes), then the tensors in layout order, padded with
/// spaces to a multiple of 8 bytes. The same tensors, names and metadata give the same bytes,
/// whatever order the tensors were added in.
/// </para>
/// <para>
/// <see cref="Save"/> is atomic: a temporary file in the same folder, flushed to disk, renamed over the
/// destination; on failure the previous file is untouched and the temporary file removed.
/// </para>
/// </summary>
public sealed class SafetensorsWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, TensorSource> _tensors = new(StringComparer.Ordinal);
    private readonly OrderedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Number of tensors added.</summary>
    public int Count => _tensors.Count;

    /// <summary>The metadata to write, in the order keys were first set.</summary>
    public IReadOnlyDictionary<string, string> Metadata => new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(_metadata);

    /// <summary>Whether a tensor named <paramref name="name"/> was added.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>Sets a <c>__metadata__</c> entry (string to string, as the format requires); setting a key again replaces its value in place.</summary>
    /// <exception cref="ArgumentException">When a string is not valid UTF-16 (a lone surrogate).</exception>
    public void SetMetadata(string key, string value)
    {
        RequireEncodable(key, nameof(key));
        RequireEncodable(value, nameof(value));
        _metadata[key] = value;
    }

    /// <summary>Adds a copy of float32 data as an F32 tensor.</summary>
    /// <param name="name">Unique name, in PyTorch <c>state_dict</c> style, e.g. <c>layers.0.moe.router.fc1.weight</c>.</param>
    /// <param name="data">The elements in row-major order.</param>
    /// <param name="shape">The dimensions, outermost first; <c>[]</c> for a scalar.</param>
    /// <exception cref="ArgumentException">When the name is taken or invalid, or the shape does not match the data.</exception>
    public void Add(string name, ReadOnlySpan<float> data, int[] shape) =>
        Put(name, new ArraySource<float>(SafetensorsDtype.F32, CheckShape(shape, data.Length), data.ToArray()));

    /// <summary>Adds a copy of float64 data as an F64 tensor (see <see cref="Add(string, ReadOnlySpan{float}, int[])"/>).</summary>
    public void Add(string name, ReadOnlySpan<double> data, int[] shape) =>
        Put(name, new ArraySource<double>(SafetensorsDtype.F64, CheckShape(shape, data.Length), data.ToArray()));

    /// <summary>Adds a copy of int64 data as an I64 tensor (see <see cref="Add(string, ReadOnlySpan{float}, int[])"/>).</summary>
    public void Add(string name, ReadOnlySpan<long> data, int[] shape) =>
        Put(name, new ArraySource<long>(SafetensorsDtype.I64, CheckShape(shape, data.Length), data.ToArray()));

    /// <summary>Adds a copy of int32 data as an I32 tensor (see <see cref="Add(string, ReadOnlySpan{float}, int[])"/>).</summary>
    public void Add(string name, ReadOnlySpan<int> data, int[] shape) =>
        Put(name, new ArraySource<int>(SafetensorsDtype.I32, CheckShape(shape, data.Length), data.ToArray()));

    /// <summary>
    /// Adds float32 data stored as F16 (IEEE binary16), each value rounded to nearest, ties to even
    /// (the bits of numpy's <c>astype(float16)</c>); magnitudes from 65520 up become ±∞, up to 2^-25 ±0.
    /// </summary>
    public void AddAsFloat16(string name, ReadOnlySpan<float> data, int[] shape)
    {
        var checkedShape = CheckShape(shape, data.Length);
        var halves = new Half[data.Length];
        TensorPrimitives.ConvertToHalf(data, halves);
        Put(name, new ArraySource<Half>(SafetensorsDtype.F16, checkedShape, halves));
    }

    /// <summary>
    /// Adds float32 data stored as BF16, each value rounded to nearest, ties to even: the bits of
    /// PyTorch's <c>tensor.to(torch.bfloat16)</c> for every non-NaN value; every NaN becomes 0x7FC0.
    /// </summary>
    public void AddAsBFloat16(string name, ReadOnlySpan<float> data, int[] shape)
    {
        var checkedShape = CheckShape(shape, data.Length);
        var bits = new ushort[data.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            bits[i] = ElementConversions.SingleToBFloat16(data[i]);
        }

        Put(name, new ArraySource<ushort>(SafetensorsDtype.BF16, checkedShape, bits));
    }

    /// <summary>
    /// Adds a float32 tensor as F32 without copying it: its elements are read when the file is written,
    /// so it must stay alive (not disposed) and unchanged until <see cref="Save"/> or <see cref="WriteTo"/>
    /// returns. Use it for large checkpoints, to avoid holding every parameter twice.
    /// </summary>
    public void AddBorrowed(string name, Tensor<float> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Put(name, new BorrowedSource<float>(SafetensorsDtype.F32, tensor));
    }

    /// <summary>Adds a float64 tensor as F64 without copying it (see <see cref="AddBorrowed(string, Tensor{float})"/>).</summary>
    public void AddBorrowed(string name, Tensor<double> tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        Put(name, new BorrowedSource<double>(SafetensorsDtype.F64, tensor));
    }

    /// <summary>Writes the file to <paramref name="stream"/> (from its current position).</summary>
    /// <exception cref="SafetensorsException"><see cref="SafetensorsErrorKind.HeaderTooLarge"/> when the header would exceed the format's limit.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Write(stream, Prepare());
    }

    /// <summary>The file's bytes (for small files and tests; use <see cref="Save"/> for checkpoints).</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Writes the file to <paramref name="path"/> atomically: to <c>path + ".tmp-&lt;random&gt;"</c> in the
    /// same folder, flushed to disk, then renamed over <paramref name="path"/>. If anything fails, the file
    /// previously at <paramref name="path"/> is left as it was and the temporary file is deleted.
    /// </summary>
    /// <exception cref="IOException">When the file cannot be written (e.g. <see cref="DirectoryNotFoundException"/>).</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var prepared = Prepare();
        AtomicFile.Write(path, prepared.TotalLength, stream => Write(stream, prepared));
    }

    private static void Write(Stream stream, Prepared prepared)
    {
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)prepared.Header.Length);
        stream.Write(prefix);
        stream.Write(prepared.Header);
        foreach (var source in prepared.Sources)
        {
            source.WriteTo(stream);
        }
    }

    private Prepared Prepare()
    {
        var ordered = _tensors
            .Select(kv => (Name: kv.Key, Utf8: Encoding.UTF8.GetBytes(kv.Key), Source: kv.Value))
            .OrderByDescending(t => (int)t.Source.Dtype)
            .ThenBy(t => t.Utf8, Utf8Order.Instance)
            .ToList();
        var items = new List<SafetensorsHeaderWriter.Item>(ordered.Count);
        long offset = 0;
        foreach (var t in ordered)
        {
            items.Add(new(t.Name, t.Source.Dtype, t.Source.Shape, offset, offset + t.Source.ByteLength));
            offset += t.Source.ByteLength;
        }

        byte[] header = SafetensorsHeaderWriter.Build(_metadata.ToList(), items);
        if (header.Length > SafetensorsFile.MaxHeaderLength)
        {
            throw new SafetensorsException(SafetensorsErrorKind.HeaderTooLarge,
                $"The header would be {header.Length} bytes, above the format's {SafetensorsFile.MaxHeaderLength}-byte limit; split the tensors over several files or shorten the metadata.");
        }

        return new Prepared(header, ordered.Select(t => t.Source).ToList(), 8 + header.Length + offset);
    }

    private void Put(string name, TensorSource source)
    {
        RequireEncodable(name, nameof(name));
        if (name == SafetensorsHeaderParser.MetadataKey)
        {
            throw new ArgumentException($"'{name}' is reserved for the metadata map; use SetMetadata.", nameof(name));
        }

        if (!_tensors.TryAdd(name, source))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }
    }

    private static int[] CheckShape(int[] shape, int length)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Tensor<float>.FormatShape(shape)} has a negative dimension.", nameof(shape));
            }

            // Capped so that the product cannot overflow; a capped count can never equal a span length.
            count = Math.Min(count, int.MaxValue + 1L) * d;
        }

        if (count != length)
        {
            string held = count > int.MaxValue ? $"more than {int.MaxValue}" : count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ArgumentException($"Shape {Tensor<float>.FormatShape(shape)} holds {held} elements but {length} values were given.", nameof(shape));
        }

        return (int[])shape.Clone();
    }

    private static void RequireEncodable(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        try
        {
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException($"'{text}' is not valid UTF-16 (a lone surrogate) and cannot be written as UTF-8.", parameter, ex);
        }
    }

    /// <summary>The header bytes, the tensors in layout order, and the file's total length.</summary>
    private sealed record Prepared(byte[] Header, List<TensorSource> Sources, long TotalLength);

    /// <summary>Ordinal order of UTF-8 bytes (= Unicode code point order), the official writer's name order.</summary>
    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
