namespace SliceMoE.Text;

/// <summary>
/// One model input in BERT's layout: <c>[CLS] A [SEP]</c> or <c>[CLS] A [SEP] B [SEP]</c>, truncated to a
/// maximum length and optionally padded with <c>[PAD]</c> to it. All three lists have the same length.
/// </summary>
public sealed class BertEncoding
{
    internal BertEncoding(int[] inputIds, int[] attentionMask, int[] tokenTypeIds, int length, int truncatedTokens)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        TokenTypeIds = tokenTypeIds;
        Length = length;
        TruncatedTokens = truncatedTokens;
    }

    /// <summary>Token ids including <c>[CLS]</c>, <c>[SEP]</c> and any padding.</summary>
    public IReadOnlyList<int> InputIds { get; }

    /// <summary>1 for real tokens (specials included), 0 for padding.</summary>
    public IReadOnlyList<int> AttentionMask { get; }

    /// <summary>Segment ids: 0 for <c>[CLS] A [SEP]</c>, 1 for <c>B [SEP]</c>, 0 for padding.</summary>
    public IReadOnlyList<int> TokenTypeIds { get; }

    /// <summary>Number of real tokens (before padding).</summary>
    public int Length { get; }

    /// <summary>How many text tokens were cut to fit the maximum length (0 when nothing was cut).</summary>
    public int TruncatedTokens { get; }
}
