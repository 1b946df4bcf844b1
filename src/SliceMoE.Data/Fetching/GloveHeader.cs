using System.Text.Json;

namespace SliceMoE.Data.Fetching;

/// <summary>
/// Reads the header of wink-embeddings' one-file JSON (<c>{"precision", "size", "dimensions", "words": [...], ...}</c>,
/// 307 MB) with a streaming reader: the declared size and dimensions, and the number of entries actually in
/// <c>words</c>, without loading the vectors.
/// </summary>
internal static class GloveHeader
{
    public static Dictionary<string, long> Read(string path)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 20];
        int filled = stream.Read(buffer, 0, buffer.Length);
        var state = new JsonReaderState();
        string? property = null;
        bool inWords = false;
        long words = 0;
        while (true)
        {
            bool final = filled < buffer.Length && stream.Position == stream.Length;
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        property = reader.GetString();
                        break;
                    case JsonTokenType.Number when reader.CurrentDepth == 1 && property is "size" or "dimensions":
                        result[property!] = reader.GetInt64();
                        break;
                    case JsonTokenType.StartArray when reader.CurrentDepth == 1 && property == "words":
                        inWords = true;
                        break;
                    case JsonTokenType.String when inWords && reader.CurrentDepth == 2:
                        words++;
                        break;
                    case JsonTokenType.EndArray when inWords && reader.CurrentDepth == 1:
                        inWords = false;
                        result["words"] = words;
                        return result;
                }

            }

            if (final)
            {
                break;
            }

            // Keep the unread tail, refill behind it.
            int consumed = (int)reader.BytesConsumed;
            int left = filled - consumed;
            if (left == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            Buffer.BlockCopy(buffer, consumed, buffer, 0, left);
            int n = stream.Read(buffer, left, buffer.Length - left);
            filled = left + n;
            state = reader.CurrentState;
            if (n == 0)
            {
                break;
            }
        }

        return result;
    }
}
