namespace SliceMoE.Text;

/// <summary>
/// Turns text into token ids and back. Every tokenizer loads its standard files once and is then
/// immutable and safe to share between threads.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids: every id is in [0, <see cref="VocabularySize"/>), the size of an embedding table for this tokenizer.</summary>
    int VocabularySize { get; }

    /// <summary>The token strings of the special tokens (padding, unknown, sequence markers) mapped to their ids.</summary>
    IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>The ids of the special tokens by role; a role the tokenizer does not have is <see langword="null"/>.</summary>
    SpecialTokenIds Specials { get; }

    /// <summary>The ids of <paramref name="text"/>, without any special tokens added.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>The text of a sequence of ids (see each tokenizer for how exactly it inverts <see cref="Encode"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When an id is outside the vocabulary.</exception>
    string Decode(IEnumerable<int> ids);

    /// <summary>The vocabulary entry of <paramref name="id"/>, or <see langword="null"/> when there is none.</summary>
    string? TokenOf(int id);

    /// <summary>The id of the vocabulary entry <paramref name="token"/>, or <see langword="null"/> when there is none.</summary>
    int? IdOf(string token);
}
