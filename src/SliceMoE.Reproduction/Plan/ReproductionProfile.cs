using SliceMoE.Reproduction.Claims;

namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// How big a reproduction is: seeds, the base training configuration of each task (config keys as in
/// <see cref="Training.TrainingConfig"/>, written <c>key=value</c>), the sweeps, and the analyses' sizes. The paper's own
/// settings (S = 8, k = 2, E = 16, Hr = 256, α, cross-slice dropout 0.2, β₂ = 0.98, batch 32, 3 epochs) are the
/// training defaults and stay as they are in every profile except <see cref="Micro"/>, which shrinks everything for tests.
/// </summary>
public sealed record ReproductionProfile
{
    /// <summary>quick, full or micro.</summary>
    public required string Name { get; init; }

    /// <summary>Seeds per configuration (1, 2, 3, ...): mean and standard deviation over them, t-tests when at least 2.</summary>
    public required int Seeds { get; init; }

    /// <summary>Base overrides of every classification run.</summary>
    public required IReadOnlyList<string> Classification { get; init; }

    /// <summary>Base overrides of every language-modelling run.</summary>
    public required IReadOnlyList<string> LanguageModel { get; init; }

    /// <summary>Base overrides of every translation run.</summary>
    public required IReadOnlyList<string> Translation { get; init; }

    /// <summary>Slice counts of Table 2 (the paper: 2, 4, 8, 16, 32); each must divide the model width.</summary>
    public IReadOnlyList<int> SliceCounts { get; init; } = PaperResults.Table2.Keys.Order().ToArray();

    /// <summary>σ of the router-noise sweep (Figure 4: 0 to 1, and beyond to see where it breaks), evaluated on trained models.</summary>
    public IReadOnlyList<double> NoiseSigmas { get; init; } = [0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0];

    /// <summary>Router softmax temperatures (Figure 5; the paper: 0.25 to 4), each a training run.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.25, 0.5, 1.0, 2.0, 4.0];

    /// <summary>Run the routers beyond the paper (SeqTopK, Expert Choice, USMoE) on every classification data set, not only AG NEWS's.</summary>
    public bool RoutersOnEveryDataset { get; init; }

    /// <summary>Test sentences decoded for BLEU.</summary>
    public required int BleuSentences { get; init; }

    /// <summary>Beam width of the BLEU decoding.</summary>
    public required int Beam { get; init; }

    /// <summary>Longest decoded output in tokens.</summary>
    public required int DecodeLength { get; init; }

    /// <summary>The synthetic task's scale.</summary>
    public required SyntheticSettings Synthetic { get; init; }

    /// <summary>Words per expert in the Expert Specialisation Score (the paper: 50).</summary>
    public int SpecialisationWords { get; init; } = (int)PaperResults.EssWords.Value;

    /// <summary>Training examples the specialisation analysis routes (null: the whole capped training split).</summary>
    public int? SpecialisationExamples { get; init; }

    /// <summary>Experts shown in the PCA of slice embeddings.</summary>
    public int PcaExperts { get; init; } = 4;

    /// <summary>Slices per expert in the PCA (evenly spaced over what the expert processed).</summary>
    public int PcaPointsPerExpert { get; init; } = 150;

    /// <summary>Steps between checkpoints of classification, LM and translation runs (an interrupted run loses at most this many).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>The profile called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">For an unknown name.</exception>
    public static ReproductionProfile Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        "micro" => Micro,
        _ => throw new ArgumentException($"Unknown profile '{name}': quick, full or micro.", nameof(name)),
    };

    /// <summary>
    /// Every table and figure at small scale, one seed, in well under 20 minutes on a 2-core machine: d = 64, one
    /// encoder layer, 2,000 training examples per classification task for 3 epochs, short LM and translation runs.
    /// </summary>
    public static ReproductionProfile Quick { get; } = new()
    {
        Name = "quick",
        Seeds = 1,
        Classification =
        [
            "dim=64", "layers=1", "heads=2", "max_length=32", "vocabulary_size=8000", "max_train_examples=2000", "max_eval_examples=500",
            "epochs=3", "learning_rate=3e-3", "warmup_steps=20", "eval_every=20", "log_every=5",
        ],
        LanguageModel =
        [
            "dim=64", "layers=1", "heads=2", "max_length=64", "vocabulary_size=4000", "batch_size=16", "steps=250", "max_eval_examples=128",
            "learning_rate=3e-3", "warmup_steps=25", "eval_every=50", "log_every=10",
        ],
        Translation =
        [
            "dim=64", "layers=1", "heads=2", "max_length=24", "vocabulary_size=4000", "batch_size=32", "steps=1000", "max_train_examples=20000",
            "max_eval_examples=300", "learning_rate=3e-3", "warmup_steps=50", "eval_every=250", "log_every=10",
        ],
        BleuSentences = 200,
        Beam = 2,
        DecodeLength = 32,
        Synthetic = new SyntheticSettings(Epochs: 10, TrainExamples: 2000, TestExamples: 500, BatchSize: 32, LearningRate: 3e-3, Signal: 2.0),
        SpecialisationExamples = 2000,
    };

    /// <summary>
    /// The numbers to publish: three seeds, d = 96, the paper's 5,000 training examples per classification task for its
    /// 3 epochs, longer LM and translation runs, larger evaluation sets, and the routers beyond the paper on every data
    /// set. About 30 times the quick profile's work by the plan's cost model: hours on a 2-core machine.
    /// </summary>
    public static ReproductionProfile Full { get; } = new()
    {
        Name = "full",
        Seeds = (int)PaperResults.Seeds.Value,
        Classification =
        [
            "dim=96", "layers=1", "heads=4", "max_length=48", "vocabulary_size=16000", "max_train_examples=5000", "max_eval_examples=2000",
            "epochs=3", "learning_rate=2e-3", "warmup_steps=40", "eval_every=25", "log_every=5",
        ],
        LanguageModel =
        [
            "dim=96", "layers=1", "heads=4", "max_length=64", "vocabulary_size=8000", "batch_size=32", "steps=600", "max_eval_examples=256",
            "learning_rate=3e-3", "warmup_steps=50", "eval_every=60", "log_every=10",
        ],
        Translation =
        [
            "dim=96", "layers=1", "heads=4", "max_length=32", "vocabulary_size=8000", "batch_size=32", "steps=2500", "max_train_examples=30000",
            "max_eval_examples=1000", "learning_rate=3e-3", "warmup_steps=100", "eval_every=500", "log_every=25",
        ],
        RoutersOnEveryDataset = true,
        BleuSentences = 1000,
        Beam = 4,
        DecodeLength = 48,
        Synthetic = new SyntheticSettings(Epochs: 10, TrainExamples: 5000, TestExamples: 1000, BatchSize: 32, LearningRate: 2e-3, Signal: 2.0),
        CheckpointEvery = 200,
    };

    /// <summary>Every experiment in seconds, on the shipped sample only: what the end-to-end test runs. Its numbers mean nothing.</summary>
    public static ReproductionProfile Micro { get; } = new()
    {
        Name = "micro",
        Seeds = 2,
        Classification =
        [
            "dim=16", "layers=1", "heads=2", "max_length=12", "vocabulary_size=600", "router_hidden=16", "max_train_examples=64",
            "max_eval_examples=48", "batch_size=16", "steps=4", "warmup_steps=1", "eval_every=2", "log_every=1",
        ],
        LanguageModel =
        [
            "dim=16", "layers=1", "heads=2", "max_length=12", "vocabulary_size=600", "router_hidden=16", "batch_size=8", "steps=3",
            "max_eval_examples=8", "warmup_steps=1", "eval_every=2", "log_every=1",
        ],
        Translation =
        [
            "dim=16", "layers=1", "heads=2", "max_length=10", "vocabulary_size=600", "router_hidden=16", "batch_size=8", "steps=3",
            "max_train_examples=64", "max_eval_examples=8", "warmup_steps=1", "eval_every=2", "log_every=1",
        ],
        SliceCounts = [2, 4, 8],
        NoiseSigmas = [0, 0.5, 1.0],
        Temperatures = [0.5, 1.0, 2.0],
        BleuSentences = 4,
        Beam = 1,
        DecodeLength = 6,
        Synthetic = new SyntheticSettings(Epochs: 2, TrainExamples: 64, TestExamples: 32, BatchSize: 16, LearningRate: 3e-3, Signal: 2.0),
        SpecialisationWords = 10,
        SpecialisationExamples = 32,
        PcaPointsPerExpert = 10,
        CheckpointEvery = 2,
    };
}
