using Google.Protobuf;
using Onnx;
using SliceMoE.Models;
using SliceMoE.Onnx.Export;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx;

/// <summary>
/// Exports float models to ONNX (opset 17, standard operators only; docs/onnx.md describes the graphs). The results are
/// serialized ModelProto bytes, ready to write to a .onnx file or to hand to an ONNX Runtime session.
/// </summary>
public static class OnnxExport
{
    /// <summary>The opset of every exported graph.</summary>
    public const int Opset = GraphBuilder.Opset;

    /// <summary>
    /// The classifier: <see cref="OnnxNames.InputIds"/> [batch, length] and <see cref="OnnxNames.Lengths"/> [batch] →
    /// <see cref="OnnxNames.Logits"/> [batch, classes].
    /// </summary>
    /// <exception cref="NotSupportedException">When a setting cannot be reproduced by a graph (evaluation-time router noise).</exception>
    public static byte[] Classifier(EncoderClassifier<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        FeedForwardEmitter.CheckSupported(c.FeedForward);
        var w = new Weights(model.Store);
        var g = new GraphBuilder("slicemoe_classifier");
        var ids = g.Input(OnnxNames.InputIds, TensorProto.Types.DataType.Int64, "batch", "length");
        var lengths = g.Input(OnnxNames.Lengths, TensorProto.Types.DataType.Int64, "batch");
        var positions = g.Range(g.Int64Scalar(0), g.Dim(ids, 1));
        var shape = new StackShape(string.Empty, c.Layers, c.Dim, c.Heads, c.EmbeddingDim, c.FeedForward);
        var states = StackEmitter.Emit(g, w, shape, ids, positions, (_, k, v) => new AttentionInputs(k, v, AttentionEmitter.KeyLengthMask(g, k, lengths)), null);
        var pooled = ModelGraphs.Pool(g, states, lengths, c.Pooling);
        var logits = g.Linear(pooled, "head", w["head.weight"], w.Optional("head.bias"), c.Classes, c.Dim);
        g.Output(logits, OnnxNames.Logits, TensorProto.Types.DataType.Float, "batch", c.Classes);
        return g.Model($"SliceMoE.NET encoder classifier ({c.FeedForward.Kind}{ModelGraphs.Router(c.FeedForward)})").ToByteArray();
    }

    /// <summary>
    /// The causal language model as one graph with its key/value cache: <see cref="OnnxNames.InputIds"/> [batch, n] and,
    /// per block i, <see cref="OnnxNames.PastKey"/>/<see cref="OnnxNames.PastValue"/> [batch, past, d] →
    /// <see cref="OnnxNames.Logits"/> [batch, n, vocabulary] and <see cref="OnnxNames.PresentKey"/>/<see cref="OnnxNames.PresentValue"/>
    /// [batch, past + n, d]. An empty past (past = 0) is the full forward (and the prefill); one token with the last
    /// call's present is a decode step.
    /// </summary>
    /// <exception cref="NotSupportedException">When a setting cannot be reproduced by a graph (evaluation-time router noise).</exception>
    public static byte[] LanguageModel(CausalLanguageModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        FeedForwardEmitter.CheckSupported(c.FeedForward);
        var g = new GraphBuilder("slicemoe_causal_lm");
        var shape = new StackShape(string.Empty, c.Layers, c.Dim, c.Heads, c.Dim, c.FeedForward);
        ModelGraphs.CachedDecoder(g, new Weights(model.Store), shape, c.Vocabulary, cross: null);
        return g.Model($"SliceMoE.NET causal language model ({c.FeedForward.Kind}{ModelGraphs.Router(c.FeedForward)}), context {c.MaxLength}").ToByteArray();
    }

    /// <summary>
    /// The translator as two graphs. Encoder: <see cref="OnnxNames.SourceIds"/> [batch, source_length] and
    /// <see cref="OnnxNames.SourceLengths"/> [batch] → <see cref="OnnxNames.EncoderStates"/> [batch, source_length, d] and, per
    /// decoder block i, <see cref="OnnxNames.CrossKey"/>/<see cref="OnnxNames.CrossValue"/> [batch, source_length, d]. Decoder: as
    /// the language model's graph, plus <see cref="OnnxNames.SourceLengths"/> and the encoder's cross keys and values.
    /// </summary>
    /// <exception cref="NotSupportedException">When a setting cannot be reproduced by a graph (evaluation-time router noise).</exception>
    public static TranslatorGraphs Translator(Seq2SeqTranslator<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        FeedForwardEmitter.CheckSupported(c.FeedForward);
        var w = new Weights(model.Store);
        string doc = $"SliceMoE.NET translator ({c.FeedForward.Kind}{ModelGraphs.Router(c.FeedForward)}), max length {c.MaxLength}";

        var e = new GraphBuilder("slicemoe_translator_encoder");
        var src = e.Input(OnnxNames.SourceIds, TensorProto.Types.DataType.Int64, "batch", "source_length");
        var srcLengths = e.Input(OnnxNames.SourceLengths, TensorProto.Types.DataType.Int64, "batch");
        var encoderShape = new StackShape("encoder.", c.EncoderLayers, c.Dim, c.Heads, c.Dim, c.FeedForward);
        var states = StackEmitter.Emit(e, w, encoderShape, src, e.Range(e.Int64Scalar(0), e.Dim(src, 1)), (_, k, v) => new AttentionInputs(k, v, AttentionEmitter.KeyLengthMask(e, k, srcLengths)), null);
        e.Output(states, OnnxNames.EncoderStates, TensorProto.Types.DataType.Float, "batch", "source_length", c.Dim);
        for (int i = 0; i < c.DecoderLayers; i++)
        {
            var (k, v) = AttentionEmitter.Project(e, w, $"decoder.layers.{i}.cross_attn.", c.Dim, states);
            e.Output(k, OnnxNames.CrossKey(i), TensorProto.Types.DataType.Float, "batch", "source_length", c.Dim);
            e.Output(v, OnnxNames.CrossValue(i), TensorProto.Types.DataType.Float, "batch", "source_length", c.Dim);
        }

        var d = new GraphBuilder("slicemoe_translator_decoder");
        var decoderShape = new StackShape("decoder.", c.DecoderLayers, c.Dim, c.Heads, c.Dim, c.FeedForward);
        ModelGraphs.CachedDecoder(d, w, decoderShape, c.Vocabulary, cross: true);
        return new TranslatorGraphs(e.Model(doc + ": encoder").ToByteArray(), d.Model(doc + ": decoder").ToByteArray());
    }
}

/// <summary>The translator's two graphs, serialized.</summary>
/// <param name="Encoder">The encoder graph (source → states and every decoder block's cross-attention keys and values).</param>
/// <param name="Decoder">The decoder graph (target ids, cross keys and values, self-attention cache → logits, cache).</param>
public sealed record TranslatorGraphs(byte[] Encoder, byte[] Decoder);
