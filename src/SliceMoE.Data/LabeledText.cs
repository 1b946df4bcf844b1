namespace SliceMoE.Data;

/// <summary>One classification example: a text and its 0-based class index.</summary>
/// <param name="Text">The example's text (title and body joined where a format has both).</param>
/// <param name="Label">The class, 0-based, an index into <see cref="TextClassificationDataset.LabelNames"/>.</param>
public sealed record LabeledText(string Text, int Label);
