using SliceMoE.Tests.Support;
using SliceMoE.Text;
using SliceMoE.Training;
using SliceMoE.Training.Data;

namespace SliceMoE.Tests.Training;

/// <summary>tokenizer = bpe: a subword vocabulary learnt from the training split, saved in the checkpoint and restored from it.</summary>
[Collection(SerialCollection.Name)]
public class SubwordTrainingTests
{
    private static TrainingConfig Tiny(string task, string outDir, params string[] overrides) => ConfigBinder.Apply(
        new TrainingConfig { Out = outDir },
        [
            $"--task={task}", "--dataset=sample", "--tokenizer=bpe", "--dim=32", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--top_k=2",
            "--router_hidden=16", "--max_length=24", "--batch_size=16", "--steps=4", "--vocabulary_size=800", "--eval_every=0",
            "--log_every=1", "--checkpoint_every=0", "--max_train_examples=400", "--max_eval_examples=32", "--warmup_steps=2", .. overrides,
        ]);

    [Theory]
    [InlineData("translation")]
    [InlineData("lm")]
    public void A_tiny_run_trains_and_its_checkpoint_restores_the_same_subword_tokenizer(string task)
    {
        using var dir = new TempDirectory();
        SubwordTokenizer trained;
        using (var run = TrainingRun.Start(Tiny(task, dir.Path), TaskDatasets.WithoutCache))
        {
            var summary = run.Run();
            Assert.Equal("completed", summary.Stopped);
            Assert.Equal(4, summary.Steps);
            trained = Assert.IsType<SubwordTokenizer>(run.Runner.Tokenizer);
            Assert.Equal(800, trained.VocabularySize);
            Assert.False(trained.Lowercase);
            if (run.Runner is TranslationRunner translator)
            {
                Assert.False(translator.ScoresLowercased); // cased subwords: BLEU is scored cased
            }
        }

        string checkpoint = Path.Combine(dir.Path, "checkpoint.safetensors");
        using (var resumed = TrainingRun.Resume(checkpoint, TaskDatasets.WithoutCache))
        {
            var restored = Assert.IsType<SubwordTokenizer>(resumed.Runner.Tokenizer);
            Assert.Equal(trained.Tokens, restored.Tokens);
            Assert.Equal(trained.Merges, restored.Merges);
            Assert.Equal(4, resumed.Step);
        }

        if (task == "translation")
        {
            using var loaded = ModelLoader.LoadTranslator(checkpoint);
            Assert.Equal("bpe", loaded.Info.TokenizerKind);
            var restored = Assert.IsType<SubwordTokenizer>(loaded.Tokenizer);
            const string text = "Wählen Sie Extras - Optionen, um die Größe zu ändern.";
            Assert.Equal(trained.Encode(text), restored.Encode(text));
        }
    }

    [Fact]
    public void The_tokenizer_key_accepts_bpe_and_lists_it_when_refusing()
    {
        Assert.Equal("bpe", ConfigBinder.Apply(new TrainingConfig(), ["--tokenizer=bpe"]).Tokenizer);
        var error = Assert.ThrowsAny<Exception>(() => ConfigBinder.Apply(new TrainingConfig(), ["--tokenizer=sentencepiece"]));
        Assert.Contains("word, bpe, gpt2 or bert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subword_vocabulary_round_trips_through_the_checkpoint_text_and_a_broken_one_is_named()
    {
        var tokenizer = Assert.IsType<SubwordTokenizer>(TokenizerFactory.Create("bpe", () => ["Die Größe ändert sich.", "The size changes."], 60));
        var restored = Assert.IsType<SubwordTokenizer>(TokenizerFactory.Restore("bpe", TokenizerFactory.Serialize(tokenizer), "test"));
        Assert.Equal(tokenizer.Tokens, restored.Tokens);
        Assert.Equal(tokenizer.Merges, restored.Merges);
        var error = Assert.Throws<FormatException>(() => TokenizerFactory.Restore("bpe", """{"format": "slicemoe.word-level"}""", "ckpt __metadata__.tokenizer"));
        Assert.Contains("ckpt __metadata__.tokenizer: not a subword vocabulary", error.Message, StringComparison.Ordinal);
    }
}
