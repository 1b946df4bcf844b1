using SliceMoE.Reproduction.Data;
using SliceMoE.Reproduction.Synthetic;
using SliceMoE.Training;

namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// What a reproduction runs: the paper's tables and figures (and the comparisons the issue adds) as experiments over
/// shared variants, and the runs that realise them — each variant once per seed, seed 1 of everything first, so an
/// interrupted reproduction already covers every experiment once. With a learning-rate sweep the sweep's runs come
/// first, and a variant whose family's rate is not chosen yet is pending: <see cref="Create"/> again with the chosen
/// rates (the sweep's best run is then also seed 1 of its variant, not trained twice).
/// </summary>
public sealed class ReproductionPlan
{
    private const string SweepKey = "lr-sweep";
    private const string PlateauKey = "mt-plateau";

    private ReproductionPlan(
        ReproductionProfile profile, ReproductionData data, IReadOnlyList<Experiment> experiments, IReadOnlyList<RunSpec> runs,
        IReadOnlyDictionary<LearningRateFamily, double> learningRates, IReadOnlyList<Variant> pending)
    {
        Profile = profile;
        Data = data;
        Experiments = experiments;
        Runs = runs;
        LearningRates = learningRates;
        Pending = pending;
    }

    /// <summary>The profile.</summary>
    public ReproductionProfile Profile { get; }

    /// <summary>The data roles.</summary>
    public ReproductionData Data { get; }

    /// <summary>The experiments, in report order.</summary>
    public IReadOnlyList<Experiment> Experiments { get; }

    /// <summary>The runs, in execution order (without those of <see cref="Pending"/> variants).</summary>
    public IReadOnlyList<RunSpec> Runs { get; }

    /// <summary>The learning rate chosen for each family so far (empty without a sweep).</summary>
    public IReadOnlyDictionary<LearningRateFamily, double> LearningRates { get; }

    /// <summary>Variants that wait for their family's learning rate (the sweep is not finished).</summary>
    public IReadOnlyList<Variant> Pending { get; }

    /// <summary>The sweep's variants of each family, in the order of its rates (empty without a sweep).</summary>
    public IReadOnlyDictionary<LearningRateFamily, IReadOnlyList<Variant>> SweepVariants =>
        Experiments.FirstOrDefault(e => e.Key == SweepKey)?.Variants.GroupBy(FamilyOf).ToDictionary(g => g.Key, g => (IReadOnlyList<Variant>)g.ToArray())
        ?? new Dictionary<LearningRateFamily, IReadOnlyList<Variant>>();

    /// <summary>The seeds, 1..<see cref="ReproductionProfile.Seeds"/>.</summary>
    public IReadOnlyList<int> Seeds => Enumerable.Range(1, Profile.Seeds).ToArray();

    /// <summary>The experiment with this key.</summary>
    /// <exception cref="KeyNotFoundException">For an unknown key.</exception>
    public Experiment this[string key] => Experiments.FirstOrDefault(e => e.Key == key) ?? throw new KeyNotFoundException($"No experiment '{key}'.");

    /// <summary>The family whose learning rate a variant uses.</summary>
    public LearningRateFamily FamilyOf(Variant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return Family(Data, variant);
    }

    /// <summary>The variant as it runs: with its family's chosen learning rate filled in (unchanged when none is chosen or needed).</summary>
    public Variant Resolve(Variant variant) => TryResolve(Profile, Data, LearningRates, variant) ?? variant;

    /// <summary>
    /// Builds the plan of <paramref name="profile"/> on <paramref name="data"/>, with the rates a sweep chose so far
    /// (<paramref name="learningRates"/>; variants of families without one are <see cref="Pending"/>).
    /// </summary>
    /// <exception cref="ArgumentException">When a slice count of the sweep does not divide a model width.</exception>
    public static ReproductionPlan Create(ReproductionProfile profile, ReproductionData data, IReadOnlyDictionary<LearningRateFamily, double>? learningRates = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(data);
        var rates = learningRates ?? new Dictionary<LearningRateFamily, double>();
        var experiments = BuildExperiments(profile, data);
        var analyses = new Dictionary<Variant, RunAnalyses>();
        var seedsOf = new Dictionary<Variant, int>();
        var pending = new List<Variant>();
        foreach (var e in experiments)
        {
            foreach (var unresolved in e.Variants)
            {
                if (TryResolve(profile, data, rates, unresolved) is not { } v)
                {
                    pending.Add(unresolved);
                    continue;
                }

                analyses[v] = analyses.GetValueOrDefault(v) | AnalysesOf(v);
                seedsOf[v] = Math.Max(seedsOf.GetValueOrDefault(v), e.Seeds ?? profile.Seeds);
            }
        }

        var variants = analyses.Keys.ToArray(); // first-appearance order (Dictionary keeps insertion order without removals)
        var runs = new List<RunSpec>();
        foreach (int seed in Enumerable.Range(1, profile.Seeds))
        {
            foreach (var v in variants.Where(v => seed <= seedsOf[v]))
            {
                if (v == Variant.Synthetic)
                {
                    var s = profile.Synthetic;
                    runs.Add(new RunSpec(v, seed, "synthetic", null, SyntheticTraining.Describe(s), RunAnalyses.None, 0.05 * s.Epochs * s.TrainExamples * 8));
                    continue;
                }

                var config = RunConfigs.Config(profile, data, v, seed); // validated now, not hours into the run
                runs.Add(new RunSpec(v, seed, config.Task, config, ConfigBinder.Overrides(config), analyses[v], Cost(config, profile, analyses[v])));
            }
        }

        // A run past the profile's step cap (the translation plateau run, half an hour) comes last: every seed of the
        // comparisons first, so that a sitting that ends early leaves them whole.
        var ordered = runs.OrderBy(r => r.Variant.Steps is null ? 0 : 1).ToList();
        return new ReproductionPlan(profile, data, experiments, ordered, rates, pending.Distinct().ToArray());
    }

    // The variant with its family's rate, itself when it names a rate or the profile has no sweep, null when the rate is not chosen yet.
    private static Variant? TryResolve(ReproductionProfile profile, ReproductionData data, IReadOnlyDictionary<LearningRateFamily, double> rates, Variant v)
    {
        if (profile.Sweep is null || v.LearningRate is not null || v == Variant.Synthetic)
        {
            return v;
        }

        return rates.TryGetValue(Family(data, v), out double rate) ? v with { LearningRate = rate } : null;
    }

    private static LearningRateFamily Family(ReproductionData data, Variant v) => new(data[v.Role].Task, v.Model);

    /// <summary>The runs of a variant, one per seed.</summary>
    public IReadOnlyList<RunSpec> RunsOf(Variant variant)
    {
        var resolved = Resolve(variant);
        return Runs.Where(r => r.Variant == resolved).ToArray();
    }

    private static List<Experiment> BuildExperiments(ReproductionProfile p, ReproductionData data)
    {
        var cls = data.Classification.Select(r => r.Key).ToArray();
        const string ag = "agnews", db = "dbpedia";
        var routerRoles = p.RoutersOnEveryDataset ? cls : [ag];
        int? ablation = p.AblationSeeds, translation = p.TranslationSeeds;
        var mt = new[] { Variants.Slice("mt"), Variants.Token("mt"), Variants.DenseFlops("mt") };
        Experiment[] sweep = p.Sweep is not { } rates ? [] :
        [
            new(SweepKey, "Learning-rate sweep: every compared model family at each rate, on seed 1", "not in the paper (the paper uses one rate, 2e-4, for everything)",
                [
                    .. Variants.Compared(ag).SelectMany(v => rates.Classification.Select(lr => v with { LearningRate = lr })),
                    .. Variants.Compared("lm").SelectMany(v => rates.LanguageModel.Select(lr => v with { LearningRate = lr })),
                    .. mt.SelectMany(v => rates.Translation.Select(lr => v with { LearningRate = lr })),
                ],
                Seeds: 1),
        ];

        return
        [
            .. sweep,
            new("table1", "SliceMoE (S=8, k=2, E=16) on three classification tasks", "Table 1", cls.Select(r => Variants.Slice(r)).ToArray()),
            new("figure1", "SliceMoE against TokenMoE and dense FFNs at matched active FLOPs and matched parameters", "Figure 1a, 1b; section 5 'Comparison to Baselines'",
                cls.SelectMany(Variants.Compared).ToArray()),
            new("routers", "Routers beyond the paper: SeqTopK, Expert Choice and USMoE at slice level", "not in the paper (SPEC §2)",
                routerRoles.SelectMany(r => Variants.OtherRouters.Select(x => Variants.Slice(r) with { Routing = x }).Prepend(Variants.Slice(r))).ToArray(), ablation),
            new("figure2", "Learning curves: loss, accuracy and ELE over training", "Figure 2; section 5 'Training Dynamics'",
                cls.SelectMany(r => new[] { Variants.Slice(r), Variants.Token(r) }).ToArray()),
            new("table2", "Slice count S: classification accuracy and ELE, LM perplexity and ELE", "Table 2",
                p.SliceCounts.Select(s => Variants.Slice(ag, s)).Concat(p.SliceCounts.Select(s => Variants.Slice("lm", s))).ToArray(), ablation),
            new("figure3", "Contiguous against shuffled slices", "Figure 3; section 5 'Contiguous vs. Shuffled Slices'",
                cls.SelectMany(r => new[] { Variants.Slice(r), Variants.Slice(r) with { Shuffled = true } }).ToArray(), ablation),
            new("figure4", "Accuracy under Gaussian router-logit noise", "Figure 4; section 5 'Robustness to Router Noise'", [Variants.Slice(ag), Variants.Token(ag)]),
            new("figure5", "Router softmax temperature", "Figure 5 (appendix B)", p.Temperatures.Select(t => Variants.Slice(ag) with { Temperature = t }).ToArray(), ablation),
            new("figure6", "Confusion matrix on the DBPEDIA-14 stand-in", "Figure 6 (appendix C)", [Variants.Slice(db), Variants.Token(db)]),
            new("figure7", "Synthetic 64-dimensional task with class features in distinct segments", "Figure 7 (appendix C)", [Variant.Synthetic]),
            new("lm", "Language modelling at matched training FLOPs", "section 5 'Language Modelling and MT'", [.. Variants.Compared("lm")]),
            new("mt", "Translation English to German: corpus BLEU", "section 5 'Language Modelling and MT'", mt, translation),
            .. p.TranslationPlateauSteps is int plateau
                ? new Experiment[] { new(PlateauKey, $"Translation trained to its plateau: SliceMoE for up to {plateau:N0} steps, stopped when the validation BLEU stops improving", "not in the paper", [Variants.Slice("mt") with { Steps = plateau }], translation) }
                : [],
            new("specialisation", "Expert Specialisation Score, top words per expert, PCA of slice embeddings", "section 5 'Interpretability'; appendix C", [Variants.Slice(ag), Variants.Token(ag)]),
            new("protocol", "The paper's frozen-encoder protocol taken literally (a frozen random encoder) against ours", "section 4 'Training'", [Variants.Slice(ag), Variants.Slice(ag) with { FrozenEncoder = true }], ablation),
        ];
    }

    private static RunAnalyses AnalysesOf(Variant v) => v switch
    {
        { Role: "agnews", Model: ModelKind.SliceMoe or ModelKind.TokenMoe, Slices: 8, Routing: "topk", Shuffled: false, Temperature: 1.0, FrozenEncoder: false }
            => RunAnalyses.NoiseSweep | RunAnalyses.Specialisation,
        { Role: "mt" } => RunAnalyses.Bleu,
        _ => RunAnalyses.None,
    };

    // Tokens processed in training, scaled by width, depth and the slice router (its rows grow with S; measured on the
    // quick profile, a SliceMoE run costs about 1 + 0.3·S TokenMoE runs): only the ratios between runs matter (for the ETA).
    private static double Cost(TrainingConfig c, ReproductionProfile p, RunAnalyses analyses)
    {
        double width = (double)c.Dim * c.Dim / (64.0 * 64.0) * c.Layers;
        double layer = c.Layer switch { "slicemoe" => 1 + (0.3 * c.Slices), "tokenmoe" => 1.2, _ => 0.8 };
        double tokens = c.Task switch
        {
            "classification" => (c.Steps ?? (double)c.Epochs * (c.MaxTrainExamples ?? 5000) / c.BatchSize) * c.BatchSize * c.MaxLength * 0.7,
            "lm" => (c.Steps ?? 1000) * c.BatchSize * c.MaxLength * 2.0,
            _ => (c.Steps ?? 1000) * c.BatchSize * c.MaxLength * 2.0,
        };
        double decode = analyses.HasFlag(RunAnalyses.Bleu) ? p.BleuSentences * p.DecodeLength * p.Beam * 20.0 : 0;
        return (tokens * width * layer) + decode;
    }
}
