namespace SliceMoE.Training;

/// <summary>
/// Everything a training run needs, in one validated record. Keys are the snake_case of the property names in JSON
/// config files and in <c>--key=value</c> overrides (e.g. <c>--learning_rate=3e-4</c>); see <see cref="ConfigBinder"/>.
/// Typical values are the defaults; comments say where they come from.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>classification, lm or translation.</summary>
    public string Task { get; init; } = "classification";

    /// <summary>Data set: "sample" (shipped), a catalogue name (wordnet, debian-descriptions, brown, spam-assassin, fortunes, sotu, moby-dick, brown-lm, libreoffice-help, debian-descriptions-de, trans-de-en), or a paper-format path: agnews:FILE.csv, dbpedia:FILE.csv, emotion:FILE.csv|jsonl, wikitext:DIR, tsv:FILE.</summary>
    public string Dataset { get; init; } = "sample";

    /// <summary>
    /// word (a word-level vocabulary built from the training split, lowercased), bpe (a cased subword vocabulary of
    /// <see cref="VocabularySize"/> tokens learnt from the training split, for translation a shared source-target one),
    /// gpt2 or bert (the vocabularies shipped in data/tokenizers).
    /// </summary>
    public string Tokenizer { get; init; } = "word";

    /// <summary>Word-level vocabulary size (including 4 special tokens).</summary>
    public int VocabularySize { get; init; } = 8000;

    /// <summary>Longest sequence in tokens (longer inputs are truncated; LM context length).</summary>
    public int MaxLength { get; init; } = 48;

    /// <summary>Cap on training examples: classification examples or translation pairs (null: all; language models train on every window).</summary>
    public int? MaxTrainExamples { get; init; }

    /// <summary>Cap on validation and test examples each: classification examples, translation pairs, or language-model windows (evenly spaced) (null: all).</summary>
    public int? MaxEvalExamples { get; init; }

    /// <summary>
    /// What a malformed row of the data does: "error" stops the run with the file, line and column (the default: bad
    /// data should be seen), "skip" leaves the row out and the run says how many rows it skipped and why.
    /// </summary>
    public string OnMalformed { get; init; } = "error";

    /// <summary>FFN slot: slicemoe, tokenmoe or dense.</summary>
    public string Layer { get; init; } = "slicemoe";

    /// <summary>Model width d.</summary>
    public int Dim { get; init; } = 128;

    /// <summary>Transformer blocks (encoder and decoder each for translation).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Attention heads.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>S (SliceMoE).</summary>
    public int Slices { get; init; } = 8;

    /// <summary>E.</summary>
    public int Experts { get; init; } = 16;

    /// <summary>k.</summary>
    public int TopK { get; init; } = 2;

    /// <summary>He (default 4d/k: matched active FLOPs with a dense FFN of 4d).</summary>
    public int? ExpertHidden { get; init; }

    /// <summary>Router hidden width (the paper: 256).</summary>
    public int RouterHidden { get; init; } = 256;

    /// <summary>Dense FFN hidden width (default 4d).</summary>
    public int? DenseHidden { get; init; }

    /// <summary>topk, seq_topk, expert_choice or usmoe.</summary>
    public string Routing { get; init; } = "topk";

    /// <summary>Capacity factor (null: dropless).</summary>
    public double? CapacityFactor { get; init; }

    /// <summary>
    /// Expert parallelism under mpirun: each MoE layer's experts are split over groups of this many consecutive ranks
    /// (their tokens reach them by all-to-all), the rest of the model is data parallel. 1: off. Must divide the rank
    /// count and the expert count. Changes the work's layout, not the model: a run may resume with another value.
    /// </summary>
    public int ExpertParallel { get; init; } = 1;

    /// <summary>Cross-slice dropout rate (the paper: 0.2).</summary>
    public double SliceDropout { get; init; } = 0.2;

    /// <summary>Router softmax temperature.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>σ of Gaussian router-logit noise.</summary>
    public double RouterNoise { get; init; }

    /// <summary>Whether router noise also applies at evaluation (the robustness study).</summary>
    public bool RouterNoiseAtEval { get; init; }

    /// <summary>contiguous or shuffled slices.</summary>
    public string SliceLayout { get; init; } = "contiguous";

    /// <summary>α of the slice-level capacity loss (the paper: 0.05 classification, 0.1 LM/MT).</summary>
    public double CapacityAlpha { get; init; } = 0.05;

    /// <summary>Weight of the Switch load-balancing loss.</summary>
    public double SwitchLossWeight { get; init; }

    /// <summary>Weight of the router z-loss.</summary>
    public double ZLossWeight { get; init; }

    /// <summary>Tokens per sequence for sequence-level routers (null: the batch's padded length).</summary>
    public int? RoutingSequenceLength { get; init; }

    /// <summary>Residual/embedding dropout (the paper: 0.1 on FFN activations).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>mean or first (classification).</summary>
    public string Pooling { get; init; } = "mean";

    /// <summary>The paper's protocol: only the MoE layers and the head train.</summary>
    public bool FreezeEncoder { get; init; }

    /// <summary>none, or glove (frozen GloVe 100-d vectors, fetched with `slicemoe data fetch glove-100d`).</summary>
    public string Embeddings { get; init; } = "none";

    /// <summary>Peak learning rate (the paper: 2e-4 for its pretrained encoder; small models from scratch like 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2 (the paper: 0.98).</summary>
    public double Beta2 { get; init; } = 0.98;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>cosine, inverse_sqrt or constant.</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>Warm-up steps.</summary>
    public int WarmupSteps { get; init; } = 50;

    /// <summary>Cosine floor as a fraction of the peak.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>Global gradient-norm clip (0: off).</summary>
    public double ClipNorm { get; init; } = 1.0;

    /// <summary>Label smoothing (the paper: 0.1 for MT).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Sequences per micro-batch (the paper: 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Micro-batches per optimiser step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Epochs over the training split (used when <see cref="Steps"/> is null; the paper: 3).</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Optimiser steps (overrides epochs).</summary>
    public int? Steps { get; init; }

    /// <summary>Evaluate on the validation split every this many steps (0: only at the end).</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>Log a training line every this many steps.</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Stop after this many evaluations without improvement of the validation metric (0: never).</summary>
    public int Patience { get; init; }

    /// <summary>
    /// Translation: greedy-decode this many validation sentences at every evaluation and score their corpus BLEU, which
    /// then is the validation metric that <see cref="Patience"/> watches (0: none; the metric is the loss).
    /// </summary>
    public int EvalBleuSentences { get; init; }

    /// <summary>Write a checkpoint every this many steps (0: only at the end and on Ctrl-C).</summary>
    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Seed of initialisation, data order, dropout and noise.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Output folder (checkpoints, metrics.jsonl, summary.json).</summary>
    public string Out { get; init; } = "runs/default";

    /// <summary>
    /// The keys only some tasks read, with those tasks; every other key applies to every task. From
    /// <see cref="RunnerFactory.Create"/> and <see cref="ModelLoader"/>: max_train_examples caps classification examples
    /// and translation pairs (a language model trains on every window); label_smoothing goes into the classifier's and
    /// the translator's loss (the language model's has none); pooling, freeze_encoder and embeddings build the
    /// classifier only.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> TaskKeys { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["max_train_examples"] = ["classification", "translation"],
        ["label_smoothing"] = ["classification", "translation"],
        ["pooling"] = ["classification"],
        ["freeze_encoder"] = ["classification"],
        ["embeddings"] = ["classification"],
    };

    /// <summary>The keys that change the model's parameters or their meaning: a checkpoint whose values differ cannot be resumed.</summary>
    public static IReadOnlyList<string> ModelKeys { get; } =
    [
        "task", "dataset", "tokenizer", "vocabulary_size", "max_length", "layer", "dim", "layers", "heads", "slices", "experts",
        "top_k", "expert_hidden", "router_hidden", "dense_hidden", "slice_layout", "pooling", "embeddings",
    ];
}
