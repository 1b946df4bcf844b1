using SliceMoE.Reproduction.Claims;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// How big a reproduction is: seeds, the base training configuration of each task (a <see cref="TrainingConfig"/>: the
/// defaults with the profile's sizes), the sweeps, and the analyses' sizes. The paper's own
/// settings (S = 8, k = 2, E = 16, Hr = 256, α, cross-slice dropout 0.2, β₂ = 0.98, batch 32, 3 epochs) are the
/// training defaults and stay as they are in every profile except <see cref="Micro"/>, which shrinks everything for tests.
/// </summary>
public sealed record ReproductionProfile
{
    /// <summary>quick, medium, full or micro.</summary>
    public required string Name { get; init; }

    /// <summary>Seeds per configuration (1, 2, 3, ...): mean and standard deviation over them, t-tests when at least 2.</summary>
    public required int Seeds { get; init; }

    /// <summary>
    /// Seeds of the ablations the paper reports from single runs (slice count, contiguous against shuffled, temperature,
    /// the routers beyond the paper); null: <see cref="Seeds"/>. A variant that a key result also reads gets that one's seeds.
    /// </summary>
    public int? AblationSeeds { get; init; }

    /// <summary>Seeds of the translation comparison (the paper averages only accuracy and perplexity over seeds); null: <see cref="Seeds"/>.</summary>
    public int? TranslationSeeds { get; init; }

    /// <summary>
    /// The learning rates every compared model family (SliceMoE, TokenMoE, the dense FFNs, per task) is trained with on
    /// seed 1 before anything else; each family then runs everything at its best rate. Null: no sweep, the base configs' rates.
    /// </summary>
    public LearningRateSweep? Sweep { get; init; }

    /// <summary>The base config of every classification run (its task, data, model and seed are set per run).</summary>
    public required TrainingConfig Classification { get; init; }

    /// <summary>The base config of every language-modelling run (its task, data, model and seed are set per run).</summary>
    public required TrainingConfig LanguageModel { get; init; }

    /// <summary>The base config of every translation run (its task, data, model and seed are set per run).</summary>
    public required TrainingConfig Translation { get; init; }

    /// <summary>Slice counts of Table 2 (the paper: 2, 4, 8, 16, 32); each must divide the model width.</summary>
    public IReadOnlyList<int> SliceCounts { get; init; } = PaperResults.Table2.Keys.Order().ToArray();

    /// <summary>σ of the router-noise sweep (Figure 4: 0 to 1, and beyond to see where it breaks), evaluated on trained models.</summary>
    public IReadOnlyList<double> NoiseSigmas { get; init; } = [0, 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0];

    /// <summary>Router softmax temperatures (Figure 5; the paper: 0.25 to 4), each a training run.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.25, 0.5, 1.0, 2.0, 4.0];

    /// <summary>Run the routers beyond the paper (SeqTopK, Expert Choice, USMoE) on every classification data set, not only AG NEWS's.</summary>
    public bool RoutersOnEveryDataset { get; init; }

    /// <summary>Whether to compute the classical baselines (bag-of-words logistic regression, Kneser-Ney n-grams, copy and word-by-word translation) for the report.</summary>
    public bool Baselines { get; init; }

    /// <summary>Test sentences decoded for BLEU.</summary>
    public required int BleuSentences { get; init; }

    /// <summary>
    /// When set, SliceMoE's translation model (at its family's rate) is also trained for up to this many steps, stopped by
    /// the validation BLEU's patience: whether this data can support a model that translates, beside the comparison at the
    /// profile's step cap. Null: no such run.
    /// </summary>
    public int? TranslationPlateauSteps { get; init; }

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
        "medium" => Medium,
        "full" => Full,
        "micro" => Micro,
        _ => throw new ArgumentException($"Unknown profile '{name}': quick, medium, full or micro.", nameof(name)),
    };

    /// <summary>The profiles by name, smallest first (micro is for tests).</summary>
    public static IReadOnlyList<string> Names { get; } = ["micro", "quick", "medium", "full"];

    /// <summary>
    /// Every table and figure at small scale, one seed, in well under 20 minutes on a 2-core machine: d = 64, one
    /// encoder layer, 2,000 training examples per classification task for 3 epochs, short LM and translation runs.
    /// </summary>
    public static ReproductionProfile Quick { get; } = new()
    {
        Name = "quick",
        Seeds = 1,
        Classification = new()
        {
            Dim = 64, Layers = 1, Heads = 2, MaxLength = 32, VocabularySize = 8000, MaxTrainExamples = 2000,
            MaxEvalExamples = 500, Epochs = 3, LearningRate = 3e-3, WarmupSteps = 20, EvalEvery = 20, LogEvery = 5,
        },
        LanguageModel = new()
        {
            Dim = 64, Layers = 1, Heads = 2, MaxLength = 64, VocabularySize = 4000, BatchSize = 16, Steps = 250,
            MaxEvalExamples = 128, LearningRate = 3e-3, WarmupSteps = 25, EvalEvery = 50, LogEvery = 10,
        },
        Translation = new()
        {
            Dim = 64, Layers = 1, Heads = 2, MaxLength = 24, VocabularySize = 4000, BatchSize = 32, Steps = 1000,
            MaxTrainExamples = 20000, MaxEvalExamples = 300, LearningRate = 3e-3, WarmupSteps = 50, EvalEvery = 250,
            LogEvery = 10,
        },
        BleuSentences = 200,
        Beam = 2,
        DecodeLength = 32,
        Synthetic = new SyntheticSettings(Epochs: 10, TrainExamples: 2000, TestExamples: 500, BatchSize: 32, LearningRate: 3e-3, Signal: 2.0),
        SpecialisationExamples = 2000,
    };

    /// <summary>
    /// A scale where differences can mean something, in hours of a 2-core machine (resumable across sittings): multi-layer
    /// models, three seeds for what the paper averages over seeds (classification accuracy and LM perplexity), one for the
    /// ablations (S, contiguous against shuffled, temperature, the other routers, the frozen-encoder protocol) and for
    /// translation (the paper does not average BLEU over seeds), and a learning-rate sweep of every compared family first.
    /// Classification: 2-layer encoders at d = 128 over frozen GloVe, the paper's 5,000 training examples per task for 3
    /// epochs. Language modelling: d = 256, 4 layers, T = 128, 400 steps of 16 windows (0.8M tokens a run: the 10M
    /// would take about an hour per SliceMoE run here, 17 hours for the plan). Translation: d = 256, 3 encoder and 3 decoder
    /// layers over a shared subword vocabulary, until the validation BLEU of greedy decoding stops improving (or 1,200
    /// steps), and SliceMoE once more for up to 4,000 steps, to see where its BLEU plateaus. S = 32 is left out of Table 2 (its router alone costs more than the experts at these widths) and the
    /// temperature sweep keeps the range the paper calls stable (0.5 to 2).
    /// </summary>
    public static ReproductionProfile Medium { get; } = new()
    {
        Name = "medium",
        Seeds = (int)PaperResults.Seeds.Value,
        Baselines = true,
        AblationSeeds = 1,
        TranslationSeeds = 1,
        Sweep = new LearningRateSweep(Classification: [1e-3, 2e-3, 4e-3], LanguageModel: [1e-3, 2e-3, 4e-3], Translation: [7e-4, 1.5e-3, 3e-3]),
        Classification = new()
        {
            Dim = 128, Layers = 2, Heads = 4, MaxLength = 48, VocabularySize = 16000, MaxTrainExamples = 5000,
            MaxEvalExamples = 2000, Epochs = 3, LearningRate = 2e-3, WarmupSteps = 40, EvalEvery = 50, LogEvery = 10,
        },
        LanguageModel = new()
        {
            Dim = 256, Layers = 4, Heads = 4, MaxLength = 128, VocabularySize = 8000, BatchSize = 16, Steps = 400,
            MaxEvalExamples = 256, LearningRate = 2e-3, WarmupSteps = 40, EvalEvery = 100, LogEvery = 10,
        },
        Translation = new()
        {
            Dim = 256, Layers = 3, Heads = 4, MaxLength = 32, Tokenizer = "bpe", VocabularySize = 8000, BatchSize = 32, Steps = 1200,
            MaxEvalExamples = 1000, LearningRate = 1.5e-3, WarmupSteps = 100, EvalEvery = 200, Patience = 2, EvalBleuSentences = 200,
            LogEvery = 25,
        },
        SliceCounts = [2, 4, 8, 16],
        Temperatures = [0.5, 1.0, 2.0],
        BleuSentences = 1000,
        TranslationPlateauSteps = 4000,
        Beam = 4,
        DecodeLength = 40,
        Synthetic = new SyntheticSettings(Epochs: 10, TrainExamples: 5000, TestExamples: 1000, BatchSize: 32, LearningRate: 2e-3, Signal: 2.0),
        CheckpointEvery = 100,
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
        Classification = new()
        {
            Dim = 96, Layers = 1, Heads = 4, MaxLength = 48, VocabularySize = 16000, MaxTrainExamples = 5000,
            MaxEvalExamples = 2000, Epochs = 3, LearningRate = 2e-3, WarmupSteps = 40, EvalEvery = 25, LogEvery = 5,
        },
        LanguageModel = new()
        {
            Dim = 96, Layers = 1, Heads = 4, MaxLength = 64, VocabularySize = 8000, BatchSize = 32, Steps = 600,
            MaxEvalExamples = 256, LearningRate = 3e-3, WarmupSteps = 50, EvalEvery = 60, LogEvery = 10,
        },
        Translation = new()
        {
            Dim = 96, Layers = 1, Heads = 4, MaxLength = 32, VocabularySize = 8000, BatchSize = 32, Steps = 2500,
            MaxTrainExamples = 30000, MaxEvalExamples = 1000, LearningRate = 3e-3, WarmupSteps = 100, EvalEvery = 500,
            LogEvery = 25,
        },
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
        Classification = new()
        {
            Dim = 16, Layers = 1, Heads = 2, MaxLength = 12, VocabularySize = 600, RouterHidden = 16,
            MaxTrainExamples = 64, MaxEvalExamples = 48, BatchSize = 16, Steps = 4, WarmupSteps = 1, EvalEvery = 2,
            LogEvery = 1,
        },
        LanguageModel = new()
        {
            Dim = 16, Layers = 1, Heads = 2, MaxLength = 12, VocabularySize = 600, RouterHidden = 16, BatchSize = 8,
            Steps = 3, MaxEvalExamples = 8, WarmupSteps = 1, EvalEvery = 2, LogEvery = 1,
        },
        Translation = new()
        {
            Dim = 16, Layers = 1, Heads = 2, MaxLength = 10, VocabularySize = 600, RouterHidden = 16, BatchSize = 8,
            Steps = 3, MaxTrainExamples = 64, MaxEvalExamples = 8, WarmupSteps = 1, EvalEvery = 2, LogEvery = 1,
        },
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
