using SliceMoE.Training;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// The free-form <c>--key=value</c> tokens of <c>slicemoe train</c> (System.CommandLine passes them through as
/// unmatched tokens), and the config they make: defaults, then the JSON file, then the overrides.
/// </summary>
internal static class ConfigOverrides
{
    /// <summary>Checks that every token is one <c>--key=value</c>; anything else is an error that says how to write it.</summary>
    /// <exception cref="FormatException">For a token that is not --key=value.</exception>
    public static IReadOnlyList<string> Parse(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (t.StartsWith("--", StringComparison.Ordinal) && t.IndexOf('=', StringComparison.Ordinal) > 2)
            {
                continue;
            }

            // The likeliest slip: "--steps 100" (a space instead of '=') arrives as two unmatched tokens.
            if (t.StartsWith("--", StringComparison.Ordinal) && t.Length > 2 && i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new FormatException($"'{t} {tokens[i + 1]}': write config overrides as one token, {t}={tokens[i + 1]}.");
            }

            throw new FormatException($"unexpected argument '{t}': config overrides are written --key=value (the keys are listed by 'slicemoe train --help').");
        }

        return tokens;
    }

    /// <summary>Defaults, then <paramref name="configFile"/> (when given), then <paramref name="overrides"/>; validated.</summary>
    /// <exception cref="FormatException">For an unknown key, a wrong type or an invalid value (the message names the key).</exception>
    public static TrainingConfig Build(string? configFile, IReadOnlyList<string> overrides)
    {
        var config = configFile is null ? new TrainingConfig() : ConfigBinder.FromJson(File.ReadAllText(configFile), configFile);
        return ConfigBinder.Apply(config, overrides);
    }

    /// <summary>
    /// Writes a warning to <paramref name="error"/> for each key that the config sets although its task does not use it
    /// (<see cref="ConfigBinder.IgnoredByTask"/>), naming the key, its value, the task and the tasks that use it.
    /// </summary>
    public static void WarnIgnored(TrainingConfig config, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (string key in ConfigBinder.IgnoredByTask(config))
        {
            var tasks = TrainingConfig.TaskKeys[key];
            error.WriteLine($"warning: config key '{key}' ({ConfigBinder.Describe(config, key)}) has no effect on task {config.Task}: only {string.Join(" and ", tasks)} {(tasks.Count == 1 ? "uses" : "use")} it. It is ignored.");
        }
    }
}
