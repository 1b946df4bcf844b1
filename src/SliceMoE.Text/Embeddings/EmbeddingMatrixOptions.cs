namespace SliceMoE.Text.Embeddings;

/// <summary>How <see cref="GloveEmbeddings.BuildMatrix(IReadOnlyList{string?}, EmbeddingMatrixOptions?)"/> finds and fills rows.</summary>
public sealed record EmbeddingMatrixOptions
{
    /// <summary>What rows of words without a vector get (default <see cref="MissingVectorInit.Random"/>).</summary>
    public MissingVectorInit MissingInit { get; init; } = MissingVectorInit.Random;

    /// <summary>Standard deviation of random rows; <see langword="null"/> (the default) uses that of all pretrained coordinates, so random rows have a typical norm.</summary>
    public float? RandomStdDev { get; init; }

    /// <summary>Seed of the random rows.</summary>
    public ulong Seed { get; init; } = 0x5EED_61_0E;

    /// <summary>Whether a word not found as written is looked up again lowercased (GloVe 6B is lowercase). Default true.</summary>
    public bool LowercaseFallback { get; init; } = true;

    /// <summary>Maps each vocabulary entry to the word to look up (e.g. <see cref="StripSubwordMarks"/>); none by default.</summary>
    public Func<string, string>? NormalizeToken { get; init; }

    /// <summary>Removes WordPiece's leading <c>##</c> and GPT-2's leading 'Ġ' (a space), so that sub-word pieces find the vector of the same letters.</summary>
    public static string StripSubwordMarks(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.StartsWith("##", StringComparison.Ordinal) ? token[2..]
            : token.StartsWith('\u0120') ? token[1..]
            : token;
    }
}
