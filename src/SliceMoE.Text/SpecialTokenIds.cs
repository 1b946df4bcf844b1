namespace SliceMoE.Text;

/// <summary>
/// The ids of a tokenizer's special tokens by role. A role the tokenizer has no token for is
/// <see langword="null"/> (GPT-2, for instance, has no padding token: batch code usually pads with
/// <see cref="Eos"/> and masks the padding out).
/// </summary>
/// <param name="Pad">Padding.</param>
/// <param name="Unk">Stands for text the vocabulary cannot express.</param>
/// <param name="Bos">Begins a sequence.</param>
/// <param name="Eos">Ends a sequence (GPT-2's <c>&lt;|endoftext|&gt;</c>).</param>
/// <param name="Cls">BERT's classification token, first in every model input.</param>
/// <param name="Sep">BERT's separator, after each segment.</param>
/// <param name="Mask">BERT's masked-language-model token.</param>
public sealed record SpecialTokenIds(
    int? Pad = null,
    int? Unk = null,
    int? Bos = null,
    int? Eos = null,
    int? Cls = null,
    int? Sep = null,
    int? Mask = null);
