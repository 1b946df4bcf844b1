namespace SliceMoE.Models;

/// <summary>Classification inputs: B right-padded sequences of T token ids, their lengths, and their labels.</summary>
/// <param name="Ids">[B·T] token ids (padding with any valid id, e.g. 0).</param>
/// <param name="Lengths">[B] real lengths (≥ 1).</param>
/// <param name="Labels">[B] classes.</param>
/// <param name="Batch">B.</param>
/// <param name="Length">T.</param>
public sealed record ClassificationBatch(int[] Ids, int[] Lengths, int[] Labels, int Batch, int Length);

/// <summary>Language-modelling inputs: B sequences of T ids and their next-token targets (−100 = ignored, e.g. padding).</summary>
/// <param name="Ids">[B·T] input ids.</param>
/// <param name="Targets">[B·T] target ids or −100.</param>
/// <param name="Lengths">[B] real lengths.</param>
/// <param name="Batch">B.</param>
/// <param name="Length">T.</param>
public sealed record LanguageModelBatch(int[] Ids, int[] Targets, int[] Lengths, int Batch, int Length);

/// <summary>Translation inputs: source sequences, and target sequences shifted for teacher forcing (input starts with BOS; output ends with EOS).</summary>
/// <param name="Source">[B·S] source ids.</param>
/// <param name="SourceLengths">[B].</param>
/// <param name="SourceLength">S.</param>
/// <param name="TargetInput">[B·T] decoder input ids.</param>
/// <param name="TargetOutput">[B·T] decoder targets or −100.</param>
/// <param name="TargetLengths">[B].</param>
/// <param name="TargetLength">T.</param>
/// <param name="Batch">B.</param>
public sealed record TranslationBatch(int[] Source, int[] SourceLengths, int SourceLength, int[] TargetInput, int[] TargetOutput, int[] TargetLengths, int TargetLength, int Batch);
