using SliceMoE.Models;
using SliceMoE.Onnx.Runtime;
using SliceMoE.Tests.Support;
using SliceMoE.Training;

namespace SliceMoE.Tests.Cli.Export;

[Collection(TinyCheckpointsCollection.Name)]
public class ExportCommandTests(TinyCheckpoints checkpoints)
{
    [Fact]
    public void A_language_model_exports_to_one_graph_that_generates_our_greedy_text()
    {
        using var dir = new TempDirectory();
        string path = dir.File("model.onnx");
        var (code, text) = CliRunner.Run("export", "onnx", checkpoints.LanguageModel, "--out", path);
        Assert.True(code == 0, text);
        Assert.Contains("opset 17", text, StringComparison.Ordinal);
        using var loaded = ModelLoader.LoadLanguageModel(Path.Combine(checkpoints.LanguageModel, "checkpoint.safetensors"));
        using var session = new OnnxLanguageModelSession(File.ReadAllBytes(path), loaded.Model.Config);
        var prompt = loaded.Tokenizer.Encode("the people of the");
        var options = new GenerationOptions { MaxNewTokens = 10 };
        Assert.Equal(loaded.Model.Generate([prompt], options)[0], session.Generate(prompt, options));
    }

    [Fact]
    public void A_classifier_exports_to_one_file_and_a_translator_to_an_encoder_and_a_decoder()
    {
        using var dir = new TempDirectory();
        var (code, text) = CliRunner.Run("export", "onnx", checkpoints.Classification, "--out", dir.File("classifier.onnx"));
        Assert.True(code == 0, text);
        Assert.True(new FileInfo(dir.File("classifier.onnx")).Length > 0);
        (code, text) = CliRunner.Run("export", "onnx", checkpoints.Translation, "--out", dir.File("mt.onnx"));
        Assert.True(code == 0, text);
        Assert.True(File.Exists(dir.File("mt.encoder.onnx")) && File.Exists(dir.File("mt.decoder.onnx")), text);
        Assert.False(File.Exists(dir.File("mt.onnx")));

        // The two files translate as ours does with a beam of one.
        using var loaded = ModelLoader.LoadTranslator(Path.Combine(checkpoints.Translation, "checkpoint.safetensors"));
        var graphs = new SliceMoE.Onnx.TranslatorGraphs(File.ReadAllBytes(dir.File("mt.encoder.onnx")), File.ReadAllBytes(dir.File("mt.decoder.onnx")));
        using var session = new OnnxTranslatorSession(graphs, loaded.Model.Config);
        var (_, bos, eos) = SliceMoE.Training.Data.TokenizerFactory.Specials(loaded.Tokenizer);
        var source = loaded.Tokenizer.Encode("the house is small").ToArray();
        int max = loaded.Info.Config.MaxLength;
        Assert.Equal(loaded.Model.Translate(source, bos, eos, beam: 1, maxLength: max), session.TranslateGreedy(source, bos, eos, max));
    }

    [Theory]
    [InlineData("model.txt", "does not end in .onnx")]
    [InlineData("missing/model.onnx", "does not exist")]
    [InlineData("", "is a folder")]
    public void A_bad_out_is_refused_with_the_fix(string name, string message)
    {
        using var dir = new TempDirectory();
        string path = name.Length == 0 ? dir.Path : dir.File(name);
        var (code, text) = CliRunner.Run("export", "onnx", checkpoints.LanguageModel, "--out", path);
        Assert.Equal(1, code);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_router_noise_at_evaluation_is_refused_by_name()
    {
        using var dir = new TempDirectory();
        var (code, text) = CliRunner.Run(["train", .. CliRunner.Tiny("lm", dir.File("noisy"), "--router_noise=0.1", "--router_noise_at_eval=true", "--steps=2")]);
        Assert.True(code == 0, text);
        (code, text) = CliRunner.Run("export", "onnx", dir.File("noisy"), "--out", dir.File("model.onnx"));
        Assert.Equal(1, code);
        Assert.Contains("RouterNoiseMode.Always", text, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("model.onnx")));
    }

    [Fact]
    public void A_missing_out_is_refused()
    {
        var (code, text) = CliRunner.Run("export", "onnx", checkpoints.LanguageModel);
        Assert.NotEqual(0, code);
        Assert.Contains("--out", text, StringComparison.Ordinal);
    }
}
