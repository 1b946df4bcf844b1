using System.Text.Json;
using System.Text.Unicode;
using SliceMoE.Tensors;
using static SliceMoE.IO.Safetensors.SafetensorsError;

namespace SliceMoE.IO.Safetensors;

/// <summary>
/// Parses a safetensors JSON header with <see cref="Utf8JsonReader"/>, because <see cref="JsonDocument"/>
/// silently accepts duplicate keys. Checks everything the header alone can tell: UTF-8, JSON, an object,
/// no duplicate names, every entry complete and typed, known dtypes, valid shapes, string metadata.
/// Offsets against each other and the buffer are <see cref="SafetensorsLayout"/>'s job.
/// Unknown fields inside an entry are ignored, as the official implementation does.
/// </summary>
internal static class SafetensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    /// <summary>The parsed header: entries in header order, metadata in header order.</summary>
    public sealed record Header(List<SafetensorsEntry> Entries, OrderedDictionary<string, string> Metadata);

    public static Header Parse(ReadOnlySpan<byte> json, string? file)
    {
        if (!Utf8.IsValid(json))
        {
            int at = FirstInvalidUtf8(json);
            throw Create(SafetensorsErrorKind.HeaderNotUtf8, file, null,
                $"the JSON header is not valid UTF-8 (first invalid byte 0x{json[at]:X2} at header offset {at}, file offset {8 + at}).");
        }

        if (json.IsEmpty || json[0] != (byte)'{')
        {
            string found = json.IsEmpty ? "an empty header" : $"'{(char)json[0]}' (0x{json[0]:X2})";
            throw Create(SafetensorsErrorKind.HeaderNotJsonObject, file, null,
                $"the header must be a JSON object starting with '{{' at file offset 8, but starts with {found}.");
        }

        CheckSyntax(json, file);
        var reader = new Utf8JsonReader(json, Options);
        var entries = new List<SafetensorsEntry>();
        var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            if (!seen.Add(key))
            {
                throw Create(SafetensorsErrorKind.DuplicateName, file, key,
                    $"the header names {Quote(key)} twice; every tensor name must be unique (JSON readers that keep the last one would silently lose a tensor).");
            }

            reader.Read();
            if (key == MetadataKey)
            {
                ParseMetadata(ref reader, metadata, file);
            }
            else
            {
                entries.Add(ParseEntry(ref reader, key, file));
            }
        }

        return new Header(entries, metadata);
    }

    // A full pass first, so that a syntax error anywhere is reported as such rather than as
    // whatever semantic error an earlier entry happens to have.
    private static void CheckSyntax(ReadOnlySpan<byte> json, string? file)
    {
        var reader = new Utf8JsonReader(json, Options);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw Create(SafetensorsErrorKind.HeaderNotJson, file, null,
                $"the header is not valid JSON ({ex.Message}); byte positions count from file offset 8.", ex);
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw Create(SafetensorsErrorKind.HeaderNotJson, file, null, "the header JSON ends before its object is closed.");
        }
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, OrderedDictionary<string, string> metadata, string? file)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return; // the official reader treats null as "no metadata"
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Create(SafetensorsErrorKind.MetadataNotStrings, file, null,
                $"'{MetadataKey}' must be a JSON object mapping strings to strings, but is {Describe(reader.TokenType)}.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Create(SafetensorsErrorKind.MetadataNotStrings, file, null,
                    $"'{MetadataKey}' value for key {Quote(key)} is {Describe(reader.TokenType)}, but every metadata value must be a string (store numbers or JSON as text, e.g. \"3\").");
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                throw Create(SafetensorsErrorKind.DuplicateName, file, null,
                    $"'{MetadataKey}' has the key {Quote(key)} twice; metadata keys must be unique.");
            }
        }
    }

    private static SafetensorsEntry ParseEntry(ref Utf8JsonReader reader, string name, string? file)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Create(SafetensorsErrorKind.InvalidEntry, file, name,
                $"tensor {Quote(name)} must be described by an object {{\"dtype\", \"shape\", \"data_offsets\"}}, but is {Describe(reader.TokenType)}.");
        }

        SafetensorsDtype? dtype = null;
        int[]? shape = null;
        long elements = 0;
        long[]? offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype":
                    RequireFirst(dtype is null, field, name, file);
                    dtype = ParseDtype(ref reader, name, file);
                    break;
                case "shape":
                    RequireFirst(shape is null, field, name, file);
                    (shape, elements) = ParseShape(ref reader, name, file);
                    break;
                case "data_offsets":
                    RequireFirst(offsets is null, field, name, file);
                    offsets = ParseOffsets(ref reader, name, file);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            var missing = new List<string>();
            if (dtype is null)
            {
                missing.Add("\"dtype\"");
            }

            if (shape is null)
            {
                missing.Add("\"shape\"");
            }

            if (offsets is null)
            {
                missing.Add("\"data_offsets\"");
            }

            throw Create(SafetensorsErrorKind.InvalidEntry, file, name,
                $"tensor {Quote(name)} is missing {string.Join(" and ", missing)}; every entry needs \"dtype\", \"shape\" and \"data_offsets\".");
        }

        return new SafetensorsEntry(name, dtype.Value, shape, elements, offsets[0], offsets[1]);
    }

    private static void RequireFirst(bool first, string field, string name, string? file)
    {
        if (!first)
        {
            throw Create(SafetensorsErrorKind.InvalidEntry, file, name, $"tensor {Quote(name)} has the field \"{field}\" twice.");
        }
    }

    private static SafetensorsDtype ParseDtype(ref Utf8JsonReader reader, string name, string? file)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Create(SafetensorsErrorKind.InvalidEntry, file, name,
                $"tensor {Quote(name)} has a \"dtype\" that is {Describe(reader.TokenType)}; expected a string such as \"F32\".");
        }

        string text = reader.GetString()!;
        if (SafetensorsDtypes.TryParse(text, out var dtype))
        {
            return dtype.Value;
        }

        string hint = SafetensorsDtypes.TryParse(text.ToUpperInvariant(), out var upper)
            ? $" Dtype names are case-sensitive: did you mean \"{upper.Value.ToHeaderName()}\"?"
            : string.Empty;
        throw Create(SafetensorsErrorKind.UnknownDtype, file, name,
            $"tensor {Quote(name)} has the unknown dtype \"{text}\"; known dtypes are {SafetensorsDtypes.KnownNames}.{hint}");
    }

    private static (int[] Shape, long Elements) ParseShape(ref Utf8JsonReader reader, string name, string? file)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Create(SafetensorsErrorKind.InvalidShape, file, name,
                $"tensor {Quote(name)} has a \"shape\" that is {Describe(reader.TokenType)}; expected an array of non-negative integers such as [16, 32] ([] for a scalar).");
        }

        var dims = new List<int>();
        long elements = 1;
        bool overflow = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string text = TokenText(ref reader);
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long d) || d < 0)
            {
                throw Create(SafetensorsErrorKind.InvalidShape, file, name,
                    $"tensor {Quote(name)} has the dimension {text} at position {dims.Count} of its shape; dimensions must be non-negative integers.");
            }

            if (d > int.MaxValue)
            {
                throw Create(SafetensorsErrorKind.InvalidShape, file, name,
                    $"tensor {Quote(name)} has the dimension {d} at position {dims.Count}, larger than {int.MaxValue}, which this reader does not support.");
            }

            dims.Add((int)d);
            overflow |= d != 0 && elements > long.MaxValue / d;
            elements = overflow ? 0 : elements * d;
        }

        if (overflow && !dims.Contains(0))
        {
            throw Create(SafetensorsErrorKind.InvalidShape, file, name,
                $"tensor {Quote(name)} has the shape {Tensor<float>.FormatShape(dims.ToArray())}, whose element count overflows a 64-bit integer.");
        }

        return (dims.ToArray(), dims.Contains(0) ? 0 : elements);
    }

    private static long[] ParseOffsets(ref Utf8JsonReader reader, string name, string? file)
    {
        const string Expected = "expected two non-negative integers [begin, end]";
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Create(SafetensorsErrorKind.InvalidEntry, file, name,
                $"tensor {Quote(name)} has \"data_offsets\" that are {Describe(reader.TokenType)}; {Expected}.");
        }

        var values = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string text = TokenText(ref reader);
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
            {
                bool huge = reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out _);
                throw huge
                    ? Create(SafetensorsErrorKind.OffsetsOutOfRange, file, name,
                        $"tensor {Quote(name)} has the offset {text}, beyond any file this reader can open.")
                    : Create(SafetensorsErrorKind.InvalidEntry, file, name,
                        $"tensor {Quote(name)} has the offset {text} in \"data_offsets\"; {Expected}.");
            }

            values.Add(v);
        }

        if (values.Count != 2)
        {
            throw Create(SafetensorsErrorKind.InvalidEntry, file, name,
                $"tensor {Quote(name)} has {values.Count} values in \"data_offsets\"; {Expected}.");
        }

        return [values[0], values[1]];
    }

    private static string TokenText(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        _ => Describe(reader.TokenType),
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return 0;
    }
}
