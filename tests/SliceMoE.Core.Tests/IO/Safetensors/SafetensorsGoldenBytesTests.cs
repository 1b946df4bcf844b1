using System.Text;
using SliceMoE.IO.Safetensors;
using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>
/// Files spelled out byte by byte from the format description (u64 LE header length, compact JSON header
/// padded with spaces to a multiple of 8, little-endian data in layout order): the writer must produce
/// exactly these bytes and the reader must read them.
/// </summary>
public sealed class SafetensorsGoldenBytesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void One_F32_tensor_matches_the_hand_written_bytes()
    {
        // 64-byte header, already a multiple of 8: no padding.
        const string Header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        Assert.Equal(64, Header.Length);
        byte[] expected =
        [
            64, 0, 0, 0, 0, 0, 0, 0,
            .. Ascii(Header),
            0x00, 0x00, 0x00, 0x00, // 0f
            0x00, 0x00, 0x80, 0x3F, // 1f
            0x00, 0x00, 0x00, 0x40, // 2f
            0x00, 0x00, 0x40, 0x40, // 3f
            0x00, 0x00, 0x80, 0x40, // 4f
            0x00, 0x00, 0xA0, 0x40, // 5f
        ];

        var w = new SafetensorsWriter();
        w.Add("attn.0", [0f, 1f, 2f, 3f, 4f, 5f], [1, 2, 3]);
        Assert.Equal(expected, w.ToBytes());

        using var file = SafetensorsFile.Open(_dir.Write("attn.safetensors", expected));
        var e = Assert.Single(file.Entries);
        Assert.Equal(("attn.0", SafetensorsDtype.F32, 0L, 24L), (e.Name, e.Dtype, e.Begin, e.End));
        using var t = file.ReadFloat32("attn.0", 1, 2, 3);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], t.ToArray());
    }

    [Fact]
    public void Metadata_mixed_dtypes_and_padding_match_the_hand_written_bytes()
    {
        // __metadata__ first; then I64 (rank 18) before F32 (15) before F16 (11); 193 bytes + 7 spaces = 200.
        const string Header =
            "{\"__metadata__\":{\"format\":\"pt\"}," +
            "\"a\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[16,18]}}";
        Assert.Equal(193, Header.Length);
        byte[] expected =
        [
            200, 0, 0, 0, 0, 0, 0, 0,
            .. Ascii(Header), .. Ascii("       "),
            0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // a = 7L
            0x00, 0x00, 0x80, 0x3F, // b[0] = 1f
            0x00, 0x00, 0x00, 0xC0, // b[1] = -2f
            0x00, 0x3E, // h[0] = 1.5 as binary16 (0x3E00)
        ];

        var w = new SafetensorsWriter();
        w.AddAsFloat16("h", [1.5f], [1]);
        w.Add("b", [1f, -2f], [2]);
        w.Add("a", [7L], []);
        w.SetMetadata("format", "pt");
        Assert.Equal(expected, w.ToBytes());

        using var file = SafetensorsFile.Open(_dir.Write("mixed.safetensors", expected));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["a", "b", "h"], file.Entries.Select(e => e.Name));
        Assert.Equal([7L], file.ReadInt64("a"));
        Assert.Equal([1f, -2f], file.ReadFloat32("b", 2).ToArray());
        Assert.Equal([1.5f], file.ReadFloat32("h", 1).ToArray());
    }

    [Fact]
    public void An_empty_file_is_an_empty_object_padded_to_8_bytes()
    {
        byte[] expected = [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32];
        Assert.Equal(expected, new SafetensorsWriter().ToBytes());
        using var file = SafetensorsFile.Open(_dir.Write("empty.safetensors", expected));
        Assert.Empty(file.Entries);
    }

    [Fact]
    public void Non_ASCII_names_are_raw_UTF8_and_control_characters_are_escaped_as_serde_json_does()
    {
        var w = new SafetensorsWriter();
        w.Add("é\"\\\n\u0001", [1f], [1]);
        byte[] bytes = w.ToBytes();
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BitConverter.ToUInt64(bytes, 0));
        Assert.StartsWith("{\"é\\\"\\\\\\n\\u0001\":{\"dtype\":\"F32\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_accepts_what_other_writers_may_produce()
    {
        // Header order unrelated to layout, an unpadded header, a null __metadata__, an unknown entry
        // field (ignored, as the official reader does), and integer dtypes our writer does not write.
        string header = "{\"__metadata__\":null,"
            + "\"u8\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[10,12],\"extra\":{\"x\":[1]}},"
            + "\"i8\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[8,10]},"
            + "\"i16\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"u16\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[4,6]},"
            + "\"ok\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[6,8]}}";
        Assert.NotEqual(0, Encoding.UTF8.GetByteCount(header) % 8);
        byte[] data = [0xFE, 0xFF, 0x03, 0x00, 0xFF, 0xFF, 0x00, 0x01, 0xFF, 0x7F, 0xFF, 0x02];
        using var file = SafetensorsFile.Open(_dir.Write("other.safetensors", RawSafetensors.Build(Encoding.UTF8.GetBytes(header), data)));
        Assert.Empty(file.Metadata);
        Assert.Equal(["i16", "u16", "ok", "i8", "u8"], file.Entries.Select(e => e.Name));
        Assert.Equal([-2L, 3L], file.ReadInt64("i16"));
        Assert.Equal([65535L], file.ReadInt64("u16"));
        Assert.Equal([0L, 1L], file.ReadInt64("ok"));
        Assert.Equal([-1, 127], file.ReadInt32("i8"));
        Assert.Equal([255L, 2L], file.ReadInt64("u8"));
    }
}
