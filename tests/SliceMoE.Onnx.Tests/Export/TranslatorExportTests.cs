using SliceMoE.Layers;
using SliceMoE.Models;
using SliceMoE.Numerics;
using SliceMoE.Onnx;

namespace SliceMoE.Tests.Onnx.Export;

public class TranslatorExportTests
{
    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void Encoder_and_decoder_graphs_equal_ours(string router)
    {
        using var model = new Seq2SeqTranslator<float>(new TranslationConfig(15, RouterCases.Dim, 2, 2, 2, 9, RouterCases.All[router], Dropout: 0), 3);
        var rng = new Rng(8);
        int batch = 2, ts = 5, tt = 4, v = model.Config.Vocabulary, d = model.Config.Dim;
        var src = Enumerable.Range(0, batch * ts).Select(_ => rng.NextInt(v)).ToArray();
        int[] srcLengths = [ts, 3];
        var tgt = Enumerable.Range(0, batch * tt).Select(_ => rng.NextInt(v)).ToArray();
        model.Step(new TranslationBatch(src, srcLengths, ts, tgt, tgt, [tt, tt], tt, batch), ForwardContext.Evaluation, backward: false);
        var ours = model.Logits[..(batch * tt * v)].ToArray();
        var ourStates = new float[batch * ts * d];
        model.Encoder.Forward(src, batch, ts, srcLengths, ourStates, ForwardContext.NoGrad);

        var graphs = OnnxExport.Translator(model);
        var encoded = Ort.Run(graphs.Encoder, (OnnxNames.SourceIds, Ort.Ids(src, batch, ts)), (OnnxNames.SourceLengths, Ort.Ids(srcLengths, batch)));
        OnnxTolerance.AssertClose(ourStates, encoded[OnnxNames.EncoderStates].Buffer.Span, "encoder states");

        var inputs = new List<(string, object)> { (OnnxNames.InputIds, Ort.Ids(tgt, batch, tt)), (OnnxNames.SourceLengths, Ort.Ids(srcLengths, batch)) };
        for (int i = 0; i < model.Config.DecoderLayers; i++)
        {
            inputs.Add((OnnxNames.CrossKey(i), encoded[OnnxNames.CrossKey(i)]));
            inputs.Add((OnnxNames.CrossValue(i), encoded[OnnxNames.CrossValue(i)]));
            inputs.Add((OnnxNames.PastKey(i), Ort.Floats([], batch, 0, d)));
            inputs.Add((OnnxNames.PastValue(i), Ort.Floats([], batch, 0, d)));
        }

        var decoded = Ort.Run(graphs.Decoder, [.. inputs]);
        OnnxTolerance.AssertClose(ours, decoded[OnnxNames.Logits].Buffer.Span, "decoder logits");

        if (!model.SupportsCachedDecoding)
        {
            return;
        }

        // The decoder's cache: the first tt − 1 tokens, then the last one alone, give the full run's last logits.
        var prefix = new List<(string, object)>(inputs.Where(x => !x.Item1.StartsWith("past_", StringComparison.Ordinal) && x.Item1 != OnnxNames.InputIds))
        {
            (OnnxNames.InputIds, Ort.Ids(Enumerable.Range(0, batch).SelectMany(b => tgt.Skip(b * tt).Take(tt - 1)).ToArray(), batch, tt - 1)),
        };
        for (int i = 0; i < model.Config.DecoderLayers; i++)
        {
            prefix.Add((OnnxNames.PastKey(i), Ort.Floats([], batch, 0, d)));
            prefix.Add((OnnxNames.PastValue(i), Ort.Floats([], batch, 0, d)));
        }

        var first = Ort.Run(graphs.Decoder, [.. prefix]);
        var step = new List<(string, object)>(prefix.Where(x => !x.Item1.StartsWith("past_", StringComparison.Ordinal) && x.Item1 != OnnxNames.InputIds))
        {
            (OnnxNames.InputIds, Ort.Ids(Enumerable.Range(0, batch).Select(b => tgt[(b * tt) + tt - 1]).ToArray(), batch, 1)),
        };
        for (int i = 0; i < model.Config.DecoderLayers; i++)
        {
            step.Add((OnnxNames.PastKey(i), first[OnnxNames.PresentKey(i)]));
            step.Add((OnnxNames.PastValue(i), first[OnnxNames.PresentValue(i)]));
        }

        var last = Ort.Run(graphs.Decoder, [.. step])[OnnxNames.Logits].Buffer.Span;
        for (int b = 0; b < batch; b++)
        {
            OnnxTolerance.AssertClose(ours.AsSpan((((b * tt) + tt - 1) * v), v), last.Slice(b * v, v), $"cached decoder step, sequence {b}");
        }
    }
}
