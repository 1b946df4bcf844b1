using SliceMoE.Tests.Support;

namespace SliceMoE.Tests.Cli;

/// <summary>One tiny trained checkpoint per task, made once through <c>slicemoe train</c> for the command tests.</summary>
public sealed class TinyCheckpoints : IDisposable
{
    private readonly TempDirectory _dir = new();

    public TinyCheckpoints()
    {
        Classification = Train("classification", out string text);
        ClassificationOutput = text;
        LanguageModel = Train("lm", out _);
        Translation = Train("translation", out _);
    }

    /// <summary>The classification run's folder (checkpoint.safetensors, metrics.jsonl, summary.json).</summary>
    public string Classification { get; }

    /// <summary>What <c>slicemoe train</c> printed for the classification run.</summary>
    public string ClassificationOutput { get; }

    public string LanguageModel { get; }

    public string Translation { get; }

    public void Dispose() => _dir.Dispose();

    private string Train(string task, out string text)
    {
        string dir = _dir.File(task);
        (int code, text) = CliRunner.Run(["train", .. CliRunner.Tiny(task, dir)]);
        Assert.True(code == 0, text);
        return dir;
    }
}

/// <summary>The command tests share one set of tiny checkpoints.</summary>
[CollectionDefinition(Name)]
public sealed class TinyCheckpointsCollection : ICollectionFixture<TinyCheckpoints>
{
    public const string Name = "Tiny checkpoints";
}
