using System.Text;
using SliceMoE.IO.Safetensors;
using SliceMoE.Tests.Support;
using static SliceMoE.Tests.IO.Safetensors.RawSafetensors;

namespace SliceMoE.Tests.IO.Safetensors;

/// <summary>One test per way a file can be malformed: each gets its own error kind and a message naming the file and what is wrong.</summary>
public sealed class SafetensorsMalformedFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SafetensorsException AssertRejected(byte[] bytes, SafetensorsErrorKind kind, params string[] words)
    {
        string path = _dir.Write("bad.safetensors", bytes);
        var ex = Assert.Throws<SafetensorsException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.True(ex.Kind == kind, $"Expected {kind} but got {ex.Kind}: {ex.Message}");
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.FilePath);
        foreach (string w in words)
        {
            Assert.Contains(w, ex.Message, StringComparison.Ordinal);
        }

        return ex;
    }

    private static byte[] ValidFile()
    {
        var w = new SafetensorsWriter();
        w.Add("a", [1f, 2f, 3f], [3]);
        w.Add("b", [4f, 5f], [2]);
        return w.ToBytes();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void A_file_shorter_than_the_length_prefix_is_FileTooSmall(int length) =>
        AssertRejected(new byte[length], SafetensorsErrorKind.FileTooSmall, $"has {length} bytes", "8-byte header length");

    [Fact]
    public void A_file_cut_inside_the_tensor_bytes_is_OffsetsOutOfRange_naming_the_tensor_and_truncation()
    {
        byte[] full = ValidFile();
        var ex = AssertRejected(full[..^3], SafetensorsErrorKind.OffsetsOutOfRange, "'b'", "truncated", "[12, 20)", "only 17 bytes");
        Assert.Equal("b", ex.TensorName);
    }

    [Fact]
    public void A_header_length_above_100_MB_is_HeaderTooLarge()
    {
        AssertRejected([.. Prefix(100_000_001), .. "{}      "u8.ToArray()], SafetensorsErrorKind.HeaderTooLarge, "100000001", "100000000");
        AssertRejected([.. Prefix(ulong.MaxValue), .. "{}      "u8.ToArray()], SafetensorsErrorKind.HeaderTooLarge, ulong.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_zip_file_is_HeaderTooLarge_with_a_hint_that_it_is_a_torch_save_file() =>
        AssertRejected([.. "PK\x03\x04\x14\x00\x00\x00"u8.ToArray(), .. new byte[64]], SafetensorsErrorKind.HeaderTooLarge, "torch.save", "save_file");

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_HeaderExceedsFile() =>
        AssertRejected([.. Prefix(64), .. "{}                  "u8.ToArray()], SafetensorsErrorKind.HeaderExceedsFile, "64 bytes", "only 20 bytes", "truncated");

    [Fact]
    public void Invalid_UTF8_in_the_header_is_HeaderNotUtf8_with_its_position()
    {
        byte[] header = "{\"a?\":{}}"u8.ToArray();
        header[3] = 0xFF;
        AssertRejected(Build(header, []), SafetensorsErrorKind.HeaderNotUtf8, "UTF-8", "0xFF", "header offset 3", "file offset 11");
    }

    [Theory]
    [InlineData("[1,2]   ", "'['")]
    [InlineData("\"text\"", "'\"'")]
    [InlineData(" {}     ", "' '")]
    [InlineData("", "an empty header")]
    public void A_header_that_is_not_a_JSON_object_is_HeaderNotJsonObject(string header, string found) =>
        AssertRejected(Build(Encoding.UTF8.GetBytes(header), []), SafetensorsErrorKind.HeaderNotJsonObject, "JSON object", found);

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},}")]
    [InlineData("{} x")]
    [InlineData("{/* c */}")]
    [InlineData("{\"a\":{\"dtype\":'F32'}}")]
    public void A_header_that_is_not_well_formed_JSON_is_HeaderNotJson(string header) =>
        AssertRejected(Build(Encoding.UTF8.GetBytes(header), new byte[4]), SafetensorsErrorKind.HeaderNotJson, "not valid JSON");

    [Theory]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "\"dtype\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "\"shape\"")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "\"data_offsets\"")]
    [InlineData("{\"w\":{}}", "\"dtype\" and \"shape\" and \"data_offsets\"")]
    public void An_entry_missing_a_field_is_InvalidEntry_naming_the_field(string header, string missing)
    {
        var ex = AssertRejected(Build(header, 4), SafetensorsErrorKind.InvalidEntry, "'w'", "missing " + missing);
        Assert.Equal("w", ex.TensorName);
    }

    [Theory]
    [InlineData("{\"w\":[1,2]}", "an array")]
    [InlineData("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", "\"dtype\" that is a number")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", "3 values")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,-4]}}", "offset -4")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":\"0-4\"}}", "a string")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", "\"dtype\" twice")]
    public void A_malformed_entry_is_InvalidEntry(string header, string words) =>
        AssertRejected(Build(header, 4), SafetensorsErrorKind.InvalidEntry, "'w'", words);

    [Fact]
    public void An_unknown_dtype_is_UnknownDtype_listing_the_known_ones() =>
        AssertRejected(Build("{" + Entry("w", "F33", "[1]", 0, 4) + "}", 4), SafetensorsErrorKind.UnknownDtype, "'w'", "\"F33\"", "F32", "BF16");

    [Fact]
    public void A_lowercase_dtype_is_UnknownDtype_suggesting_the_uppercase_name() =>
        AssertRejected(Build("{" + Entry("w", "bf16", "[1]", 0, 2) + "}", 2), SafetensorsErrorKind.UnknownDtype, "case-sensitive", "\"BF16\"");

    [Fact]
    public void A_name_given_twice_is_DuplicateName()
    {
        string header = "{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("w", "F32", "[1]", 4, 8) + "}";
        var ex = AssertRejected(Build(header, 8), SafetensorsErrorKind.DuplicateName, "'w'", "twice");
        Assert.Equal("w", ex.TensorName);
    }

    [Fact]
    public void A_name_given_twice_once_escaped_is_still_DuplicateName()
    {
        string header = "{" + Entry("w", "F32", "[1]", 0, 4) + "," + Entry("\\u0077", "F32", "[1]", 4, 8) + "}";
        AssertRejected(Build(header, 8), SafetensorsErrorKind.DuplicateName, "'w'");
    }

    [Fact]
    public void A_metadata_key_given_twice_is_DuplicateName() =>
        AssertRejected(Build("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0), SafetensorsErrorKind.DuplicateName, "'k'", "metadata");

    [Theory]
    [InlineData("[2,-1]", "-1")]
    [InlineData("[2.5]", "2.5")]
    [InlineData("[\"2\"]", "\"2\"")]
    [InlineData("[3000000000]", "3000000000")]
    [InlineData("{\"n\":2}", "an object")]
    public void A_shape_that_is_not_non_negative_integers_is_InvalidShape(string shape, string found) =>
        AssertRejected(Build("{" + Entry("w", "F32", shape, 0, 8) + "}", 8), SafetensorsErrorKind.InvalidShape, "'w'", found);

    [Fact]
    public void A_shape_whose_element_count_overflows_is_InvalidShape() =>
        AssertRejected(Build("{" + Entry("w", "F32", "[2147483647,2147483647,2147483647]", 0, 8) + "}", 8), SafetensorsErrorKind.InvalidShape, "overflows");

    [Fact]
    public void Offsets_past_the_end_of_the_buffer_are_OffsetsOutOfRange()
    {
        string header = "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 8, 16) + "}";
        AssertRejected(Build(header, 12), SafetensorsErrorKind.OffsetsOutOfRange, "'b'", "[8, 16)", "only 12 bytes");
    }

    [Fact]
    public void An_offset_too_large_for_any_file_is_OffsetsOutOfRange() =>
        AssertRejected(Build("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[18446744073709551614,18446744073709551615]}}", 1),
            SafetensorsErrorKind.OffsetsOutOfRange, "'w'", "18446744073709551614");

    [Fact]
    public void Offsets_that_end_before_they_begin_are_OffsetsReversed() =>
        AssertRejected(Build("{" + Entry("w", "F32", "[0]", 8, 4) + "}", 8), SafetensorsErrorKind.OffsetsReversed, "'w'", "[8, 4)");

    [Fact]
    public void Overlapping_tensors_are_OffsetsOverlap_naming_both()
    {
        string header = "{" + Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12) + "}";
        AssertRejected(Build(header, 12), SafetensorsErrorKind.OffsetsOverlap, "'a'", "'b'", "[4, 12)", "[0, 8)");
    }

    [Fact]
    public void A_hole_between_tensors_is_OffsetsHole()
    {
        string header = "{" + Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12) + "}";
        AssertRejected(Build(header, 12), SafetensorsErrorKind.OffsetsHole, "[4, 8)", "'a'", "'b'", "no holes");
    }

    [Fact]
    public void A_hole_before_the_first_tensor_is_OffsetsHole() =>
        AssertRejected(Build("{" + Entry("a", "F32", "[1]", 4, 8) + "}", 8), SafetensorsErrorKind.OffsetsHole, "[0, 4)", "start of the buffer");

    [Fact]
    public void Offsets_whose_length_disagrees_with_shape_and_dtype_are_SizeMismatch() =>
        AssertRejected(Build("{" + Entry("w", "F32", "[3]", 0, 8) + "}", 8), SafetensorsErrorKind.SizeMismatch, "'w'", "F32", "[3]", "12 bytes", "span 8 bytes");

    [Fact]
    public void Packed_sub_byte_tensors_that_end_mid_byte_are_SizeMismatch() =>
        AssertRejected(Build("{" + Entry("w", "F4", "[3]", 0, 2) + "}", 2), SafetensorsErrorKind.SizeMismatch, "whole number of bytes");

    [Fact]
    public void Bytes_after_the_last_tensor_are_TrailingBytes() =>
        AssertRejected([.. ValidFile(), 1, 2, 3, 4], SafetensorsErrorKind.TrailingBytes, "24 bytes", "'b'", "ends at byte 20", "4 trailing bytes");

    [Fact]
    public void A_buffer_with_no_tensors_but_bytes_is_TrailingBytes() =>
        AssertRejected(Build("{}", 4), SafetensorsErrorKind.TrailingBytes, "no tensors");

    [Theory]
    [InlineData("{\"epoch\":3}", "'epoch'", "a number")]
    [InlineData("{\"cfg\":{\"d\":\"64\"}}", "'cfg'", "an object")]
    [InlineData("{\"ok\":true}", "'ok'", "a boolean")]
    [InlineData("[\"a\",\"b\"]", "__metadata__", "an array")]
    public void Metadata_that_is_not_a_string_map_is_MetadataNotStrings(string metadata, string key, string found) =>
        AssertRejected(Build("{\"__metadata__\":" + metadata + "}", 0), SafetensorsErrorKind.MetadataNotStrings, key, found);
}
