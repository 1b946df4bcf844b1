using System.Buffers.Binary;
using System.Text;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>Builds safetensors bytes by hand, straight from the format: u64 LE header length, header, buffer.</summary>
internal static class RawSafetensors
{
    /// <summary>The header JSON as given (padded with spaces to a multiple of 8 unless <paramref name="pad"/> is false), then <paramref name="bufferLength"/> bytes 0, 1, 2, ...</summary>
    public static byte[] Build(string headerJson, int bufferLength, bool pad = true)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        if (pad)
        {
            header = [.. header, .. Enumerable.Repeat((byte)' ', (8 - (header.Length % 8)) % 8)];
        }

        return Build(header, Enumerable.Range(0, bufferLength).Select(i => (byte)i).ToArray());
    }

    /// <summary>Length prefix, header bytes, buffer bytes.</summary>
    public static byte[] Build(byte[] header, byte[] buffer) => [.. Prefix((ulong)header.Length), .. header, .. buffer];

    /// <summary>The 8-byte little-endian header length.</summary>
    public static byte[] Prefix(ulong headerLength)
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, headerLength);
        return prefix;
    }

    /// <summary>A header entry: <c>"name":{"dtype":..,"shape":..,"data_offsets":[b,e]}</c>.</summary>
    public static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
