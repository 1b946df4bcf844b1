using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using SliceMoE.IO.Safetensors;

namespace SliceMoE.Training;

/// <summary>A safetensors writer that records the SHA-256 of every tensor's bytes as it adds them, for the metadata.</summary>
internal sealed class ChecksummedWriter
{
    private readonly SortedDictionary<string, string> _checksums = new(StringComparer.Ordinal);

    public SafetensorsWriter Writer { get; } = new();

    /// <summary>The name under which a metadata value's checksum is recorded (beside the tensors').</summary>
    public static string MetadataName(string key) => "__metadata__." + key;

    /// <summary>Sets a metadata value and records the SHA-256 of its UTF-8 text.</summary>
    public void SetMetadata(string key, string value)
    {
        Writer.SetMetadata(key, value);
        _checksums[MetadataName(key)] = Hash<byte>(System.Text.Encoding.UTF8.GetBytes(value));
    }

    public void Add(string name, ReadOnlySpan<float> data, int[] shape)
    {
        Writer.Add(name, data, shape);
        _checksums[name] = Hash(data);
    }

    public void Add(string name, ReadOnlySpan<double> data, int[] shape)
    {
        Writer.Add(name, data, shape);
        _checksums[name] = Hash(data);
    }

    public void Add(string name, ReadOnlySpan<long> data, int[] shape)
    {
        Writer.Add(name, data, shape);
        _checksums[name] = Hash(data);
    }

    public void Add(string name, ReadOnlySpan<int> data, int[] shape)
    {
        Writer.Add(name, data, shape);
        _checksums[name] = Hash(data);
    }

    /// <summary>Sets the checksums as JSON under <paramref name="checksumsKey"/> and saves atomically.</summary>
    public void Save(string path, string checksumsKey)
    {
        Writer.SetMetadata(checksumsKey, JsonSerializer.Serialize(_checksums));
        Writer.Save(path);
    }

    /// <summary>The SHA-256 (lowercase hex) of little-endian element bytes, as the safetensors file stores them.</summary>
    internal static string Hash<T>(ReadOnlySpan<T> data) where T : unmanaged => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(data)));
}
