namespace SliceMoE.Reproduction.Claims;

/// <summary>
/// Every number this reproduction takes from the paper (arXiv 2510.04286, the text in
/// <c>shared/papers/slicemoe-2510.04286.txt</c>), each with the table, figure, section or line it is printed at. These
/// are the only hand-typed numbers of the report; everything else comes from the runs. The paper's figures print no
/// values, so their claims are the ranges and thresholds stated in its text.
/// </summary>
public static class PaperResults
{
    /// <summary>Table 1: validation accuracy, ELE and loss of SliceMoE (S=8, k=2, E=16) after three epochs.</summary>
    public static IReadOnlyDictionary<string, (PaperValue Accuracy, PaperValue Ele, PaperValue Loss)> Table1 { get; } =
        new Dictionary<string, (PaperValue, PaperValue, PaperValue)>
        {
            ["agnews"] = (new(0.88, "Table 1, AG NEWS"), new(0.95, "Table 1, AG NEWS"), new(0.35, "Table 1, AG NEWS")),
            ["emotion"] = (new(0.48, "Table 1, EMOTION"), new(0.96, "Table 1, EMOTION"), new(1.36, "Table 1, EMOTION")),
            ["dbpedia"] = (new(0.96, "Table 1, DBPEDIA-14"), new(0.96, "Table 1, DBPEDIA-14"), new(0.26, "Table 1, DBPEDIA-14")),
        };

    /// <summary>Table 2: per slice count S, AG NEWS accuracy and ELE, WT-103 perplexity and ELE.</summary>
    public static IReadOnlyDictionary<int, (PaperValue Accuracy, PaperValue AccuracyEle, PaperValue Perplexity, PaperValue PerplexityEle)> Table2 { get; } =
        new Dictionary<int, (PaperValue, PaperValue, PaperValue, PaperValue)>
        {
            [2] = (new(0.861, "Table 2, S=2"), new(0.90, "Table 2, S=2"), new(26.8, "Table 2, S=2"), new(0.91, "Table 2, S=2")),
            [4] = (new(0.873, "Table 2, S=4"), new(0.93, "Table 2, S=4"), new(26.0, "Table 2, S=4"), new(0.94, "Table 2, S=4")),
            [8] = (new(0.880, "Table 2, S=8"), new(0.95, "Table 2, S=8"), new(25.4, "Table 2, S=8"), new(0.97, "Table 2, S=8")),
            [16] = (new(0.875, "Table 2, S=16"), new(0.94, "Table 2, S=16"), new(25.7, "Table 2, S=16"), new(0.96, "Table 2, S=16")),
            [32] = (new(0.864, "Table 2, S=32"), new(0.92, "Table 2, S=32"), new(26.1, "Table 2, S=32"), new(0.93, "Table 2, S=32")),
        };

    /// <summary>The slice count at which Table 2's performance peaks ("Performance peaks at S=8", Table 2 caption).</summary>
    public static PaperValue BestSlices { get; } = new(8, "Table 2 caption; section 5 'Impact of Slice Count'");

    /// <summary>"SliceMoE (S=8) consistently outperforms TokenMoE by 2-4 pp on AG NEWS and DBPEDIA-14" (section 5, lines 197-198).</summary>
    public static PaperRange GainOverTokenMoe { get; } = new(0.02, 0.04, "section 5 'Comparison to Baselines', lines 197-198");

    /// <summary>"SliceMoE achieves ... near-optimal load balance (ELE ≈ 0.95-0.97)" (section 5, lines 207-208; again lines 213-214 for training).</summary>
    public static PaperRange NearOptimalEle { get; } = new(0.95, 0.97, "section 5, lines 207-208 and 213-214");

    /// <summary>"shuffled slices consistently degrades performance by 1-3 pp" (section 5 'Contiguous vs. Shuffled Slices', Figure 3).</summary>
    public static PaperRange ShuffledLoss { get; } = new(0.01, 0.03, "section 5 'Contiguous vs. Shuffled Slices'; Figure 3");

    /// <summary>"minimal impact on accuracy until the noise standard deviation (σ) exceeds 0.5" (section 5 'Robustness to Router Noise', Figure 4).</summary>
    public static PaperValue NoiseStableUpTo { get; } = new(0.5, "section 5 'Robustness to Router Noise'; Figure 4");

    /// <summary>"relatively stable for temperatures between 0.5 and 2.0, with a slight peak around 1.0" (appendix B, Figure 5).</summary>
    public static PaperRange TemperatureStable { get; } = new(0.5, 2.0, "appendix B, lines 409-412; Figure 5");

    /// <summary>The default temperature, where Figure 5 peaks.</summary>
    public static PaperValue TemperaturePeak { get; } = new(1.0, "appendix B, lines 411-412");

    /// <summary>"expert load entropy (ELE) rapidly converges to near-optimal balance within five epochs" (Figure 7 caption).</summary>
    public static PaperValue SyntheticEpochs { get; } = new(5, "appendix C, Figure 7 caption");

    /// <summary>WikiText-103 perplexity at matched training FLOPs: SliceMoE 25.4, TokenMoE 29.1, dense 31.0 (section 5 'Language Modelling and MT').</summary>
    public static (PaperValue SliceMoe, PaperValue TokenMoe, PaperValue Dense) Perplexity { get; } =
        (new(25.4, "section 5 'Language Modelling and MT'"), new(29.1, "section 5 'Language Modelling and MT'"), new(31.0, "section 5 'Language Modelling and MT'"));

    /// <summary>WMT En-De BLEU: SliceMoE 29.8, TokenMoE 28.2, dense 27.6, SliceMoE ELE 0.97 (section 5 'Language Modelling and MT').</summary>
    public static (PaperValue SliceMoe, PaperValue TokenMoe, PaperValue Dense, PaperValue Ele) Bleu { get; } =
        (new(29.8, "section 5 'Language Modelling and MT'"), new(28.2, "section 5 'Language Modelling and MT'"), new(27.6, "section 5 'Language Modelling and MT'"), new(0.97, "section 5 'Language Modelling and MT'"));

    /// <summary>Expert Specialisation Score on AG NEWS: SliceMoE 0.72 (sd 0.08), TokenMoE 0.55 (sd 0.15) (section 5 'Interpretability', lines 268-271).</summary>
    public static (PaperValue SliceMoe, PaperValue SliceMoeSd, PaperValue TokenMoe, PaperValue TokenMoeSd) Ess { get; } =
        (new(0.72, "section 5 'Interpretability', line 269"), new(0.08, "section 5 'Interpretability', line 269"), new(0.55, "section 5 'Interpretability', line 270"), new(0.15, "section 5 'Interpretability', line 270"));

    /// <summary>Words per expert in the ESS ("the top-50 most frequent words", line 264).</summary>
    public static PaperValue EssWords { get; } = new(50, "section 5 'Interpretability', line 264");

    /// <summary>"Improvements over TokenMoE were generally statistically significant (p &lt; 0.05 via t-tests) for AG NEWS and WT-103" (section 4, lines 186-188).</summary>
    public static PaperValue SignificanceLevel { get; } = new(0.05, "section 4 'Training', lines 186-188");

    /// <summary>Seeds per configuration ("averaged over 3 runs with different random seeds", section 4, lines 184-185).</summary>
    public static PaperValue Seeds { get; } = new(3, "section 4, lines 184-185");

    /// <summary>"up to 1.7× faster inference than dense baselines" (abstract; section 5).</summary>
    public static PaperValue InferenceSpeedup { get; } = new(1.7, "abstract; section 5 'Language Modelling and MT'");

    /// <summary>Classification training examples per data set ("trained for 3 epochs on 5k examples", section 4, line 179).</summary>
    public static PaperValue ClassificationExamples { get; } = new(5000, "section 4 'Training', line 179");

    /// <summary>Classification epochs (section 4, line 179; Table 1 caption).</summary>
    public static PaperValue ClassificationEpochs { get; } = new(3, "section 4 'Training', line 179");

    /// <summary>Language-model updates ("trained for 100k updates on four A100 GPUs", section 4, line 180).</summary>
    public static PaperValue LanguageModelUpdates { get; } = new(100_000, "section 4 'Training', line 180");

    /// <summary>Learning rate (section 4, line 182).</summary>
    public static PaperValue LearningRate { get; } = new(2e-4, "section 4 'Training', line 182");

    /// <summary>Batch size (section 4, line 183).</summary>
    public static PaperValue BatchSize { get; } = new(32, "section 4 'Training', line 183");

    /// <summary>Label smoothing for MT (section 4, line 183).</summary>
    public static PaperValue TranslationLabelSmoothing { get; } = new(0.1, "section 4 'Training', line 183");

    /// <summary>Capacity-loss weight α for LM and MT (appendix A: "set to 0.1 for LM/MT and 0.05 for classification").</summary>
    public static PaperValue LanguageCapacityAlpha { get; } = new(0.1, "appendix A");

    /// <summary>Total parameters of the paper's models ("approximately 90M total parameters", section 4).</summary>
    public static PaperValue ModelParameters { get; } = new(90e6, "section 4 'Models'");
}
