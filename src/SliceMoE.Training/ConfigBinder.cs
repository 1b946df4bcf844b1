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
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: not valid JSON ({e.Message}).", e);
        }

        if (node is not JsonObject obj)
        {
            throw new FormatException($"{source}: the config must be a JSON object of keys and values.");
        }

        var config = new TrainingConfig();
        foreach (var (key, value) in obj)
        {
            string text = value is null ? "null" : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            config = Set(config, key, text, source, value?.GetValueKind());
        }

        return Validate(config);
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

    /// <summary>Checks the values of a config built in code (as <see cref="Apply"/> and <see cref="FromJson"/> do for theirs); returns it.</summary>
    /// <exception cref="FormatException">For an invalid value (the message names the key).</exception>
    public static TrainingConfig Validate(TrainingConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        static void Require(bool ok, string key, string message)
        {
            if (!ok)
            {
                throw new FormatException($"config key '{key}' {message}.");
            }
        }

        Require(c.Task is "classification" or "lm" or "translation", "task", $"must be classification, lm or translation, not '{c.Task}'");
        Require(c.Tokenizer is "word" or "gpt2" or "bert", "tokenizer", $"must be word, gpt2 or bert, not '{c.Tokenizer}'");
        Require(c.Layer is "slicemoe" or "tokenmoe" or "dense", "layer", $"must be slicemoe, tokenmoe or dense, not '{c.Layer}'");
        Require(c.Routing is "topk" or "seq_topk" or "expert_choice" or "usmoe", "routing", $"must be topk, seq_topk, expert_choice or usmoe, not '{c.Routing}'");
        Require(c.Schedule is "cosine" or "inverse_sqrt" or "constant", "schedule", $"must be cosine, inverse_sqrt or constant, not '{c.Schedule}'");
        Require(c.SliceLayout is "contiguous" or "shuffled", "slice_layout", $"must be contiguous or shuffled, not '{c.SliceLayout}'");
        Require(c.Pooling is "mean" or "first", "pooling", $"must be mean or first, not '{c.Pooling}'");
        Require(c.Embeddings is "none" or "glove", "embeddings", $"must be none or glove, not '{c.Embeddings}'");
        Require(c.Dim > 0 && c.Dim % c.Heads == 0, "dim", $"must be a positive multiple of heads = {c.Heads}, not {c.Dim}");
        Require(c.Layer != "slicemoe" || c.Dim % c.Slices == 0, "slices", $"must divide dim = {c.Dim}, not {c.Slices}");
        Require(c.BatchSize > 0, "batch_size", "must be positive");
        Require(c.GradientAccumulation > 0, "gradient_accumulation", "must be positive");
        Require(c.LearningRate > 0, "learning_rate", "must be positive");
        Require(c.MaxLength >= 2, "max_length", "must be at least 2");
        Require(c.VocabularySize >= 8, "vocabulary_size", "must be at least 8");
        Require(c.Steps is null or > 0, "steps", "must be positive");
        Require(c.Epochs > 0, "epochs", "must be positive");
        Require(c.LabelSmoothing is >= 0 and < 1, "label_smoothing", "must be in [0, 1)");
        Require(c.Dropout is >= 0 and < 1, "dropout", "must be in [0, 1)");
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
