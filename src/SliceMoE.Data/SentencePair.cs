namespace SliceMoE.Data;

/// <summary>One translation example: a source sentence (or paragraph) and its translation.</summary>
/// <param name="Source">Text in <see cref="ParallelCorpus.SourceLanguage"/>.</param>
/// <param name="Target">Text in <see cref="ParallelCorpus.TargetLanguage"/>.</param>
public sealed record SentencePair(string Source, string Target);
