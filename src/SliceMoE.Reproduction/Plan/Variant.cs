using System.Globalization;

namespace SliceMoE.Reproduction.Plan;

/// <summary>
/// One model configuration on one data role, independent of the seed. Experiments share variants (the SliceMoE run on
/// AG NEWS is a row of Table 1, a bar of Figure 1, the S = 8 row of Table 2, ...), so each variant trains once per seed.
/// </summary>
/// <param name="Role">Data role key (agnews, dbpedia, emotion, lm, mt) or "synthetic".</param>
/// <param name="Model">The FFN slot.</param>
/// <param name="Slices">S (SliceMoE only).</param>
/// <param name="Routing">topk, seq_topk, expert_choice or usmoe.</param>
/// <param name="Shuffled">Shuffled instead of contiguous slices (Figure 3).</param>
/// <param name="Temperature">Router softmax temperature (Figure 5).</param>
/// <param name="FrozenEncoder">The paper's protocol taken literally: everything but the FFN slots and the head frozen (here at random initialisation).</param>
/// <param name="LearningRate">
/// The peak learning rate; null is the profile's, or, in a profile with a learning-rate sweep, the rate the sweep chose
/// for the variant's family (<see cref="ReproductionPlan.Resolve"/> fills it in).
/// </param>
/// <param name="Steps">A longer step cap than the profile's (the translation plateau run); null is the profile's.</param>
public sealed record Variant(
    string Role, ModelKind Model, int Slices = 8, string Routing = "topk", bool Shuffled = false, double Temperature = 1.0, bool FrozenEncoder = false,
    double? LearningRate = null, int? Steps = null)
{
    /// <summary>The synthetic task of Figure 7 (a SliceMoE layer on 64-dimensional vectors).</summary>
    public static Variant Synthetic { get; } = new("synthetic", ModelKind.SliceMoe);

    /// <summary>A stable name for folders and metrics: role, model, then whatever differs from the defaults.</summary>
    public string Key => Role == "synthetic"
        ? Role
        : string.Join('-', [Role, Model switch
        {
            ModelKind.SliceMoe => $"slicemoe-S{Slices}",
            ModelKind.TokenMoe => "tokenmoe",
            ModelKind.DenseMatchedFlops => "dense-flops",
            _ => "dense-params",
        }, .. Differences().Select(d => d.Key)]);

    /// <summary>A short label for tables and legends (e.g. "SliceMoE (S=8)", "TokenMoE", "Dense (matched FLOPs)").</summary>
    public string Label
    {
        get
        {
            if (Role == "synthetic")
            {
                return "SliceMoE (synthetic)";
            }

            string label = Model switch
            {
                ModelKind.SliceMoe => $"SliceMoE (S={Slices})",
                ModelKind.TokenMoe => "TokenMoE",
                ModelKind.DenseMatchedFlops => "Dense (matched FLOPs)",
                _ => "Dense (matched params)",
            };
            var extras = Differences().Select(d => d.Label).ToArray();
            return extras.Length == 0 ? label : $"{label}, {string.Join(", ", extras)}";
        }
    }

    /// <summary>The run id of this variant for one seed.</summary>
    public string RunId(int seed) => $"{Key}-seed{seed}";

    // What differs from the defaults, as a key part and a label part.
    private IEnumerable<(string Key, string Label)> Differences()
    {
        string tau = Temperature.ToString("0.###", CultureInfo.InvariantCulture);
        if (Routing != "topk")
        {
            yield return (Routing.Replace('_', '-'), RoutingLabel(Routing));
        }

        if (Shuffled)
        {
            yield return ("shuffled", "shuffled");
        }

        if (Temperature != 1.0)
        {
            yield return ("tau" + tau, "τ=" + tau);
        }

        if (FrozenEncoder)
        {
            yield return ("frozen", "frozen random encoder");
        }

        if (Steps is int steps)
        {
            yield return ("steps" + steps.ToString(CultureInfo.InvariantCulture), steps.ToString("N0", CultureInfo.InvariantCulture) + " steps");
        }

        if (LearningRate is double lr)
        {
            string rate = lr.ToString("0.#####", CultureInfo.InvariantCulture);
            yield return ("lr" + rate, "lr=" + rate);
        }
    }

    /// <summary>The display name of a router.</summary>
    public static string RoutingLabel(string routing) => routing switch
    {
        "seq_topk" => "SeqTopK",
        "expert_choice" => "Expert Choice",
        "usmoe" => "USMoE",
        _ => "top-k",
    };
}
