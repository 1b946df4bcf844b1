using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SliceMoE.Evaluation;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Models;
using SliceMoE.Modules;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Cli.Commands.Eval;

/// <summary>
/// Rebuilds a checkpoint's run (config, tokenizer and data from its metadata, parameters from its tensors) and measures
/// it on a split. It goes through <see cref="TrainingRun.ForEvaluation"/> and <see cref="TrainingRun.Evaluate"/>, so the
/// numbers are exactly those the training loop reports for the same split (same batches, same evaluation-time random
/// stream). Every tensor is checked against the checkpoint's checksums first: damaged parameters are an error, damaged
/// training state (optimizer, counters, random stream), which evaluation does not read, a warning in the report.
/// </summary>
internal static class CheckpointEvaluation
{
    /// <summary>How many decoded sentences the report keeps as examples.</summary>
    private const int SampleCount = 3;

    public static EvalReport Run(string checkpoint, string split, IReadOnlyList<string> overrides, int limit, int beam, WeightFormat? weights = null)
    {
        if (split is not ("train" or "validation" or "test"))
        {
            throw new ArgumentException($"--split must be train, validation or test, not '{split}'.");
        }

        var warnings = new List<string>();
        using (var file = IO.Safetensors.SafetensorsFile.Open(checkpoint))
        {
            var check = CheckpointVerification.Check(file);
            if (!check.HasChecksums)
            {
                warnings.Add($"{checkpoint} holds no checksums (written before SliceMoE.NET 0.2): its tensors cannot be checked.");
            }
            else if (check.DamagedParameters.Count > 0)
            {
                throw new CheckpointDamagedException(check);
            }
            else if (!check.Intact)
            {
                warnings.Add(CheckpointDamagedException.Describe(check) + " Evaluation reads only the parameters, which are intact; --resume from this checkpoint would fail.");
            }
        }

        using var run = TrainingRun.ForEvaluation(checkpoint, CliData.Source(), overrides);
        using var packs = weights is { } format ? WeightPacks.Create(run.Runner.Store, format) : null;
        using var reading = packs?.Activate(); // every forward below, the translations' beam search included
        var r = run.Evaluate(split);
        var c = run.Config;
        double? macroF1 = null, bleu = null;
        int? decoded = null, usedBeam = null;
        IReadOnlyList<string>? labels = null;
        long[][]? confusion = null;
        List<TranslationSample>? samples = null;
        switch (run.Runner)
        {
            case TaskRunner<ClassificationBatch> { Data: ClassificationTaskData data }:
            {
                var matrix = new ConfusionMatrix(data.LabelNames);
                var actual = data.Split(split);
                for (int i = 0; i < actual.Count; i++)
                {
                    matrix.Add(actual[i].Label, r.Predictions[i]);
                }

                macroF1 = matrix.MacroF1;
                labels = data.LabelNames;
                var counts = matrix.ToArray();
                confusion = Enumerable.Range(0, matrix.ClassCount).Select(i => Enumerable.Range(0, matrix.ClassCount).Select(j => counts[i, j]).ToArray()).ToArray();
                break;
            }

            case TranslationRunner translator when limit > 0:
            {
                var pairs = translator.Translate(split, limit, beam, c.MaxLength);
                bleu = Bleu.Corpus(pairs.Select(p => p.Hypothesis).ToArray(), pairs.Select(p => p.Reference).ToArray()).Score;
                decoded = pairs.Count;
                usedBeam = beam;
                samples = pairs.Take(SampleCount).Select(p => new TranslationSample(p.Source, p.Hypothesis, p.Reference)).ToList();
                break;
            }
        }

        return new EvalReport(
            Path.GetFullPath(checkpoint), c.Task, c.Dataset, c.Layer, run.Step, split, r.Count, r.Loss, r.Accuracy, macroF1, r.Perplexity, bleu, decoded, usedBeam,
            r.Ele, r.Cv2Counts, r.Load, labels, confusion, samples, Sha256(run.Runner.Store), WeightFormatOption.Name(weights), warnings);
    }

    private static string Sha256(ParameterStore<float> store) =>
        Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(store.Values.Span)));
}
