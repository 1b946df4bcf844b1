using Onnx;
using SliceMoE.Models;
using SliceMoE.Onnx;

namespace SliceMoE.Tests.Onnx.Export;

/// <summary>What the exported graphs are made of: standard operators at opset 17, and sparse dispatch.</summary>
public class GraphStructureTests
{
    [Theory]
    [MemberData(nameof(RouterCases.Names), MemberType = typeof(RouterCases))]
    public void Graphs_use_standard_opset_17_operators_and_dispatch_each_expert_its_own_rows(string router)
    {
        using var model = new CausalLanguageModel<float>(new LanguageModelConfig(11, RouterCases.Dim, 2, 2, 6, RouterCases.All[router], Dropout: 0), 1);
        var proto = ModelProto.Parser.ParseFrom(OnnxExport.LanguageModel(model));
        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);
        Assert.All(proto.Graph.Node, n => Assert.Equal(string.Empty, n.Domain));
        var ops = proto.Graph.Node.Select(n => n.OpType).ToList();
        var moe = model.Config.FeedForward.Moe;
        int experts = moe?.Experts ?? 0;

        // One NonZero (the expert's rows), one ScatterND (their outputs back) per expert and block; no dense "every expert on every row".
        Assert.Equal(experts * model.Config.Layers, ops.Count(o => o == "NonZero"));
        Assert.Equal(experts * model.Config.Layers, ops.Count(o => o == "ScatterND"));
        Assert.Equal((model.Config.Layers * 2) + 1, ops.Count(o => o == "LayerNormalization")); // attn_norm, ffn_norm per block, the final norm
    }
}
