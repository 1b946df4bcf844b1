using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SliceMoE.Training;

/// <summary>
/// Reads and writes <see cref="TrainingConfig"/> as JSON and applies <c>--key=value</c> overrides. Keys are the
/// snake_case property names; unknown keys, values of the wrong type and invalid values are errors that name the key,
/// what was expected, and (for unknown keys) the closest known key.
/// </summary>
public static class ConfigBinder
{
    private static readonly Dictionary<string, PropertyInfo> Properties = typeof(TrainingConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .ToDictionary(p => SnakeCase(p.Name), StringComparer.Ordinal);

    /// <summary>Every key with its type, for help text.</summary>
    public static IReadOnlyDictionary<string, Type> Keys => Properties.ToDictionary(kv => kv.Key, kv => kv.Value.PropertyType);

    /// <summary>Applies overrides given as "key=value" (a leading "--" is allowed) to <paramref name="config"/>.</summary>
    /// <exception cref="FormatException">For an unknown key, a malformed pair or a value of the wrong type.</exception>
    public static TrainingConfig Apply(TrainingConfig config, IEnumerable<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (string raw in overrides)
        {
            string pair = raw.StartsWith("--", StringComparison.Ordinal) ? raw[2..] : raw;
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"Override '{raw}' is not of the form --key=value.");
            }

            config = Set(config, pair[..eq].Replace('-', '_'), pair[(eq + 1)..], "command line");
        }

        return Validate(config);
    }

    /// <summary>Reads a JSON object of keys and values, on top of the defaults.</summary>
    /// <exception cref="FormatException">For malformed JSON, unknown keys or wrong types (the message names the file).</exception>
    public static TrainingConfig FromJson(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON ({e.Message}).", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{source}: the config must be a JSON object of keys and values.");
            }

            var config = new TrainingConfig();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new FormatException($"{source}: config key '{property.Name}' appears more than once; keep one of them.");
                }

                var value = property.Value;
                string text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                config = Set(config, property.Name, text, source, value.ValueKind);
            }

            return Validate(config, source);
        }
    }

    /// <summary>The config as an indented JSON object of every key.</summary>
    public static string ToJson(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var obj = new JsonObject();
        foreach (var (key, p) in Properties.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            object? v = p.GetValue(config);
            obj[key] = v switch
            {
                null => null,
                string s => JsonValue.Create(s),
                int i => JsonValue.Create(i),
                ulong u => JsonValue.Create(u),
                double d => JsonValue.Create(d),
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
            };
        }

        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The keys whose values differ between two configs.</summary>
    public static IReadOnlyList<string> Differences(TrainingConfig a, TrainingConfig b, IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Where(k => !Equals(Properties[k].GetValue(a), Properties[k].GetValue(b))).ToList();
    }

    /// <summary>
    /// The <c>key=value</c> overrides that make <paramref name="config"/> from <paramref name="baseline"/> (default: the
    /// defaults): one per key whose value differs, in the order the keys are declared, each value in a form
    /// <see cref="Apply"/> reads back to the same value.
    /// </summary>
    public static IReadOnlyList<string> Overrides(TrainingConfig config, TrainingConfig? baseline = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Differences(baseline ?? new TrainingConfig(), config, Properties.Keys).Select(k => $"{k}={Describe(config, k)}").ToList();
    }

    /// <summary>
    /// The keys of <see cref="TrainingConfig.TaskKeys"/> that <paramref name="config"/> sets although its task does not
    /// read them, so that they change nothing. A key at its default value is not listed: it changes nothing for any task,
    /// and a config file of every key (<c>slicemoe train --print-config</c>) made for another task holds such keys.
    /// </summary>
    public static IReadOnlyList<string> IgnoredByTask(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var unused = TrainingConfig.TaskKeys.Where(kv => !kv.Value.Contains(config.Task)).Select(kv => kv.Key);
        return Differences(new TrainingConfig(), config, unused);
    }

    /// <summary>A config's value for a key, as text that <see cref="Apply"/> reads back to the same value.</summary>
    public static string Describe(TrainingConfig config, string key) => Properties[key].GetValue(config) switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), // numbers: the shortest text that round-trips
        var v => v.ToString() ?? "null",
    };

    private static TrainingConfig Set(TrainingConfig config, string key, string value, string source, JsonValueKind? kind = null)
    {
        if (!Properties.TryGetValue(key, out var p))
        {
            string closest = Properties.Keys.MinBy(k => Distance(k, key))!;
            throw new FormatException($"{source}: unknown config key '{key}'. Did you mean '{closest}'? Known keys: {string.Join(", ", Properties.Keys.Order(StringComparer.Ordinal))}.");
        }

        var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
        bool nullable = Nullable.GetUnderlyingType(p.PropertyType) is not null;
        object? parsed;
        if (value == "null" && nullable)
        {
            parsed = null;
        }
        else if (type == typeof(string))
        {
            if (kind is not null and not JsonValueKind.String)
            {
                throw new FormatException($"{source}: config key '{key}' must be a string, not {value}.");
            }

            parsed = value;
        }
        else
        {
            if (kind == JsonValueKind.String)
            {
                throw new FormatException($"{source}: config key '{key}' must be {Describe(type)}, not the string \"{value}\".");
            }

            parsed = type switch
            {
                _ when type == typeof(int) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) => i,
                _ when type == typeof(ulong) && ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong u) => u,
                _ when type == typeof(double) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) => d,
                _ when type == typeof(bool) && bool.TryParse(value, out bool b) => b,
                _ => throw new FormatException($"{source}: config key '{key}' must be {Describe(type)}{(nullable ? " or null" : string.Empty)}, not '{value}'."),
            };
        }

        var copy = config with { };
        p.SetValue(copy, parsed);
        return copy;
    }

    /// <summary>
    /// Checks every key's range up front, so that a bad value is refused with its key, its value and what is allowed,
    /// before anything is allocated or written (and never surfaces as a division by zero or an overflow later).
    /// </summary>
    /// <exception cref="FormatException">Naming <paramref name="source"/> (a config file, when given), the key, its value and the allowed range.</exception>
    public static TrainingConfig Validate(TrainingConfig c, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        void Require(bool ok, string key, string allowed)
        {
            if (!ok)
            {
                throw new FormatException($"{(source is null ? string.Empty : source + ": ")}config key '{key}' = {Describe(c, key)} is not allowed: it must be {allowed}.");
            }
        }

        void Int(string key, long value, long min, long max) => Require(value >= min && value <= max, key, max == int.MaxValue ? $"at least {min}" : $"in {min}..{max}");
        void OptionalInt(string key, int? value, long min) => Require(value is null || value >= min, key, $"null or at least {min}");
        void Real(string key, double value, double min, double max, bool minOpen = false, bool maxOpen = false) =>
            Require(double.IsFinite(value) && (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max), key,
                $"in {(minOpen ? "(" : "[")}{min.ToString(CultureInfo.InvariantCulture)}, {(double.IsPositiveInfinity(max) ? "∞" : max.ToString(CultureInfo.InvariantCulture))}{(maxOpen || double.IsPositiveInfinity(max) ? ")" : "]")}");

        Require(c.Task is "classification" or "lm" or "translation", "task", "classification, lm or translation");
        Require(c.Tokenizer is "word" or "bpe" or "gpt2" or "bert", "tokenizer", "word, bpe, gpt2 or bert");
        Require(c.Layer is "slicemoe" or "tokenmoe" or "dense", "layer", "slicemoe, tokenmoe or dense");
        Require(c.Routing is "topk" or "seq_topk" or "expert_choice" or "usmoe", "routing", "topk, seq_topk, expert_choice or usmoe");
        Require(c.Schedule is "cosine" or "inverse_sqrt" or "constant", "schedule", "cosine, inverse_sqrt or constant");
        Require(c.SliceLayout is "contiguous" or "shuffled", "slice_layout", "contiguous or shuffled");
        Require(c.Pooling is "mean" or "first", "pooling", "mean or first");
        Require(c.Embeddings is "none" or "glove", "embeddings", "none or glove");
        Require(!string.IsNullOrWhiteSpace(c.Dataset), "dataset", "a data set name or KIND:PATH");
        Require(c.OnMalformed is "error" or "skip", "on_malformed", "error or skip");

        // Shapes, in the order that later checks divide by.
        Int("heads", c.Heads, 1, 1024);
        Int("dim", c.Dim, 1, 1 << 16);
        Require(c.Dim % c.Heads == 0, "dim", $"a multiple of heads = {c.Heads}");
        Int("layers", c.Layers, 1, 1024);
        Int("max_length", c.MaxLength, 2, 1 << 16);
        Int("vocabulary_size", c.VocabularySize, 8, 10_000_000);
        Int("slices", c.Slices, 1, c.Dim);
        Require(c.Layer != "slicemoe" || c.Dim % c.Slices == 0, "slices", $"a divisor of dim = {c.Dim}");
        Int("experts", c.Experts, 1, 1 << 20);
        Int("top_k", c.TopK, 1, c.Experts);
        OptionalInt("expert_hidden", c.ExpertHidden, 1);
        Int("router_hidden", c.RouterHidden, 1, 1 << 16);
        OptionalInt("dense_hidden", c.DenseHidden, 1);
        OptionalInt("routing_sequence_length", c.RoutingSequenceLength, 1);
        Int("expert_parallel", c.ExpertParallel, 1, 1 << 16);
        Require(c.ExpertParallel == 1 || (c.Layer != "dense" && c.Experts % c.ExpertParallel == 0), "expert_parallel", $"1, or a divisor of experts = {c.Experts} (with an MoE layer)");

        // Routing and regularisation.
        Require(c.CapacityFactor is null || (double.IsFinite(c.CapacityFactor.Value) && c.CapacityFactor > 0), "capacity_factor", "null (dropless) or positive");
        Real("slice_dropout", c.SliceDropout, 0, 1, maxOpen: true);
        Real("temperature", c.Temperature, 0, double.PositiveInfinity, minOpen: true);
        Real("router_noise", c.RouterNoise, 0, double.PositiveInfinity);
        Real("capacity_alpha", c.CapacityAlpha, 0, double.PositiveInfinity);
        Real("switch_loss_weight", c.SwitchLossWeight, 0, double.PositiveInfinity);
        Real("z_loss_weight", c.ZLossWeight, 0, double.PositiveInfinity);
        Real("dropout", c.Dropout, 0, 1, maxOpen: true);
        Real("label_smoothing", c.LabelSmoothing, 0, 1, maxOpen: true);

        // Optimisation.
        Real("learning_rate", c.LearningRate, 0, double.PositiveInfinity, minOpen: true);
        Real("beta1", c.Beta1, 0, 1, maxOpen: true);
        Real("beta2", c.Beta2, 0, 1, maxOpen: true);
        Real("epsilon", c.Epsilon, 0, double.PositiveInfinity, minOpen: true);
        Real("weight_decay", c.WeightDecay, 0, double.PositiveInfinity);
        Int("warmup_steps", c.WarmupSteps, 0, int.MaxValue);
        Real("min_learning_rate_ratio", c.MinLearningRateRatio, 0, 1);
        Real("clip_norm", c.ClipNorm, 0, double.PositiveInfinity);
        Int("batch_size", c.BatchSize, 1, int.MaxValue);
        Int("gradient_accumulation", c.GradientAccumulation, 1, int.MaxValue);
        Int("epochs", c.Epochs, 1, int.MaxValue);
        OptionalInt("steps", c.Steps, 1);

        // Data and bookkeeping (0 turns evaluation, checkpoints and early stopping off).
        OptionalInt("max_train_examples", c.MaxTrainExamples, 1);
        OptionalInt("max_eval_examples", c.MaxEvalExamples, 1);
        Int("log_every", c.LogEvery, 1, int.MaxValue);
        Int("eval_every", c.EvalEvery, 0, int.MaxValue);
        Int("checkpoint_every", c.CheckpointEvery, 0, int.MaxValue);
        Int("patience", c.Patience, 0, int.MaxValue);
        Int("eval_bleu_sentences", c.EvalBleuSentences, 0, int.MaxValue);
        Require(!string.IsNullOrWhiteSpace(c.Out) && !c.Out.Contains('\uFFFD', StringComparison.Ordinal) && !c.Out.Contains('\0', StringComparison.Ordinal), "out",
            "a folder path in valid UTF-8 (a U+FFFD in it stands for bytes that were not UTF-8)");
        return c;
    }

    private static string Describe(Type t) =>
        t == typeof(int) || t == typeof(ulong) ? "an integer" : t == typeof(double) ? "a number" : t == typeof(bool) ? "true or false" : t.Name;

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
