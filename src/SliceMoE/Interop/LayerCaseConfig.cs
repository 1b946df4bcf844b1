using System.Globalization;
using System.Text.Json;
using SliceMoE.Kernels.Activations;
using SliceMoE.Moe;

namespace SliceMoE.Interop;

/// <summary>
/// The <c>config</c> JSON of a layer case file (the <c>__metadata__</c> key written by the PyTorch reference and by
/// our own tools). An MoE layer has <c>d, S, k, E, expert_hidden, router_hidden, activation, temperature, routing,
/// seq_len, normalize_topk, capacity_alpha</c> (plus our extensions); a dense FFN has <c>d, hidden, activation</c>.
/// Unknown keys and wrong types are errors that name the file, the key, and what was expected.
/// </summary>
public sealed record LayerCaseConfig
{
    private static readonly string[] MoeKeys =
    [
        "d", "S", "k", "E", "expert_hidden", "router_hidden", "activation", "temperature", "routing", "seq_len",
        "normalize_topk", "capacity_alpha", "capacity_factor", "slice_layout", "shuffle_seed", "usmoe_blend",
        "seq_min_per_row", "seq_max_per_row", "router_noise_std", "switch_loss_weight", "z_loss_weight",
        "slice_dropout", "dropout_renorm", "training", "gate", "importance", "N", "seed",
    ];

    private static readonly string[] DenseKeys = ["d", "hidden", "activation", "N", "seed"];

    /// <summary>The MoE configuration, or null for a dense FFN.</summary>
    public MoeConfig? Moe { get; init; }

    /// <summary>Dense FFN width d (dense cases).</summary>
    public int DenseDim { get; init; }

    /// <summary>Dense FFN hidden width.</summary>
    public int DenseHidden { get; init; }

    /// <summary>Dense FFN activation.</summary>
    public Activation DenseActivation { get; init; }

    /// <summary>Training mode (a keep mask in the file also implies it).</summary>
    public bool Training { get; init; }

    /// <summary>Cross-slice dropout rate, used in training mode when the file has no keep mask.</summary>
    public double SliceDropout { get; init; }

    /// <summary>Seed for random dropout or noise.</summary>
    public ulong Seed { get; init; }

    /// <summary>The number of tokens the config declares (key N), if any.</summary>
    public int? Tokens { get; init; }

    /// <summary>Parses the config JSON.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">Where it came from, for messages (e.g. "case.safetensors __metadata__.config").</param>
    /// <exception cref="FormatException">When the JSON is malformed, a key is unknown, missing or of the wrong type.</exception>
    public static LayerCaseConfig Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: the config is not valid JSON ({e.Message}).", e);
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: the config must be a JSON object, not {root.ValueKind}.");
            }

            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in root.EnumerateObject())
            {
                if (!keys.Add(p.Name))
                {
                    throw new FormatException($"{source}: config key '{p.Name}' appears twice.");
                }
            }

            bool dense = keys.Contains("hidden") && !keys.Contains("E");
            var allowed = dense ? DenseKeys : MoeKeys;
            foreach (var k in keys)
            {
                if (Array.IndexOf(allowed, k) < 0)
                {
                    throw new FormatException($"{source}: unknown config key '{k}' for a {(dense ? "dense FFN" : "MoE layer")}. Known keys: {string.Join(", ", allowed)}.");
                }
            }

            var r = new Reader(root, source);
            if (dense)
            {
                return new LayerCaseConfig
                {
                    DenseDim = r.Int("d"),
                    DenseHidden = r.Int("hidden"),
                    DenseActivation = ParseActivation(r.String("activation", "gelu_exact_erf"), source),
                    Tokens = r.OptionalInt("N"),
                    Seed = (ulong)(r.OptionalInt("seed") ?? 0),
                };
            }

            r.Expect("gate", v => v.StartsWith("input", StringComparison.Ordinal), "must describe the input gate (\"input ...\"): the gate multiplies the expert's input (the paper's Eq. 1)");
            r.Expect("importance", v => v == "soft", "must be \"soft\" (importance = sum of softmax probabilities)");
            r.Expect("dropout_renorm", v => v == "sum1", "must be \"sum1\" (survivors renormalised to sum 1)");
            var config = new MoeConfig
            {
                ModelDim = r.Int("d"),
                Slices = r.Int("S"),
                TopK = r.Int("k"),
                Experts = r.Int("E"),
                ExpertHidden = r.OptionalInt("expert_hidden"),
                RouterHidden = r.OptionalInt("router_hidden") ?? 256,
                Activation = ParseActivation(r.String("activation", "gelu_exact_erf"), source),
                Temperature = r.Double("temperature", 1.0),
                Routing = ParseRouting(r.String("routing", "topk"), source),
                SequenceLength = r.OptionalInt("seq_len"),
                NormalizeTopK = r.Bool("normalize_topk", false),
                CapacityAlpha = r.Double("capacity_alpha", 0.01),
                CapacityFactor = r.OptionalDouble("capacity_factor"),
                SliceLayout = r.String("slice_layout", "contiguous") switch
                {
                    "contiguous" => SliceLayout.Contiguous,
                    "shuffled" => SliceLayout.Shuffled,
                    var v => throw new FormatException($"{source}: config key 'slice_layout' must be \"contiguous\" or \"shuffled\", not \"{v}\"."),
                },
                ShuffleSeed = (ulong)(r.OptionalInt("shuffle_seed") ?? 20251004),
                UsmoeBlend = r.Double("usmoe_blend", 0.5),
                SeqMinPerRow = r.OptionalInt("seq_min_per_row") ?? 0,
                SeqMaxPerRow = r.OptionalInt("seq_max_per_row"),
                RouterNoiseStd = r.Double("router_noise_std", 0),
                RouterNoiseMode = RouterNoiseMode.Always,
                SwitchLossWeight = r.Double("switch_loss_weight", 0),
                ZLossWeight = r.Double("z_loss_weight", 0),
                SliceDropout = r.Double("slice_dropout", 0),
            };
            try
            {
                config.Validate();
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"{source}: {e.Message}", e);
            }

            return new LayerCaseConfig
            {
                Moe = config,
                Training = r.Bool("training", false),
                SliceDropout = config.SliceDropout,
                Tokens = r.OptionalInt("N"),
                Seed = (ulong)(r.OptionalInt("seed") ?? 0),
            };
        }
    }

    /// <summary>The config's activation names: gelu_exact_erf (also "gelu"), gelu_tanh, relu.</summary>
    public static Activation ParseActivation(string name, string source) => name switch
    {
        "gelu_exact_erf" or "gelu" => Activation.GeluErf,
        "gelu_tanh" => Activation.GeluTanh,
        "relu" => Activation.Relu,
        _ => throw new FormatException($"{source}: config key 'activation' must be gelu_exact_erf, gelu_tanh or relu, not \"{name}\"."),
    };

    /// <summary>The config's routing names: topk, seq_topk, expert_choice, usmoe.</summary>
    public static RoutingMethod ParseRouting(string name, string source) => name switch
    {
        "topk" => RoutingMethod.TopK,
        "seq_topk" => RoutingMethod.SeqTopK,
        "expert_choice" => RoutingMethod.ExpertChoice,
        "usmoe" => RoutingMethod.Usmoe,
        _ => throw new FormatException($"{source}: config key 'routing' must be topk, seq_topk, expert_choice or usmoe, not \"{name}\"."),
    };

    /// <summary>Typed access to the keys with messages that name the key.</summary>
    private readonly struct Reader(JsonElement root, string source)
    {
        public int Int(string key) => OptionalInt(key) ?? throw new FormatException($"{source}: config key '{key}' is required (an integer).");

        public int? OptionalInt(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i)
                ? i
                : throw new FormatException($"{source}: config key '{key}' must be an integer, not {Describe(v)}.");
        }

        public double Double(string key, double fallback) => OptionalDouble(key) ?? fallback;

        public double? OptionalDouble(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Number
                ? v.GetDouble()
                : throw new FormatException($"{source}: config key '{key}' must be a number, not {Describe(v)}.");
        }

        public bool Bool(string key, bool fallback)
        {
            if (!root.TryGetProperty(key, out var v))
            {
                return fallback;
            }

            return v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"{source}: config key '{key}' must be true or false, not {Describe(v)}."),
            };
        }

        public string String(string key, string fallback)
        {
            if (!root.TryGetProperty(key, out var v))
            {
                return fallback;
            }

            return v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new FormatException($"{source}: config key '{key}' must be a string, not {Describe(v)}.");
        }

        public void Expect(string key, Func<string, bool> ok, string requirement)
        {
            if (root.TryGetProperty(key, out _))
            {
                string v = String(key, string.Empty);
                if (!ok(v))
                {
                    throw new FormatException($"{source}: config key '{key}' {requirement}; got \"{v}\".");
                }
            }
        }

        private static string Describe(JsonElement v) => v.ValueKind == JsonValueKind.String
            ? $"the string \"{v.GetString()}\""
            : string.Create(CultureInfo.InvariantCulture, $"{v.ValueKind.ToString().ToLowerInvariant()} {v.GetRawText()}");
    }
}
