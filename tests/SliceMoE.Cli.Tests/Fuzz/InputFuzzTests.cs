using System.Diagnostics;
using System.Text;
using SliceMoE.Data;
using SliceMoE.Data.Formats;
using SliceMoE.Numerics;
using Xunit.Abstractions;

namespace SliceMoE.Tests.Cli.Fuzz;

/// <summary>
/// Mutants of a valid file of each input kind, read by the loader the CLI uses for it: each mutant is either read (a
/// mutation can leave a valid file) or refused with a clear error, an exception of the kind the loader documents whose
/// message names the file; never another exception (an index, a null, an overflow), never a hang. Seeded, and bounded in
/// count so that the whole test stays well under a minute.
/// </summary>
public class InputFuzzTests(ITestOutputHelper output)
{
    private const int MutantsPerKind = 1500;

    private static readonly TimeSpan PerMutant = TimeSpan.FromSeconds(10);

    private static string Lines(int n, Func<int, string> line) => string.Join("\n", Enumerable.Range(0, n).Select(line)) + "\n";

    public static TheoryData<string> Kinds => new() { "agnews", "dbpedia", "emotion-csv", "emotion-jsonl", "tsv", "wikitext" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_mutant_of_a_data_file_is_read_or_refused_clearly(string kind)
    {
        var (valid, separator, load) = Kind(kind);
        int minimumRefused = kind == "wikitext" ? MutantsPerKind / 10 : MutantsPerKind / 4; // running text accepts most mutants
        var rng = new Rng((ulong)kind.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        var mutator = new Mutator(rng);
        int read = 0, refused = 0;
        using var dir = new TempDirectory();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < MutantsPerKind; i++)
        {
            var (name, bytes) = mutator.Mutate(Encoding.UTF8.GetBytes(valid), separator);
            string folder = dir.File($"m{i}");
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, kind == "wikitext" ? "wiki.train.tokens" : "train" + Extension(kind));
            File.WriteAllBytes(path, bytes);
            if (kind == "wikitext")
            {
                File.WriteAllText(Path.Combine(folder, "wiki.valid.tokens"), valid);
                File.WriteAllText(Path.Combine(folder, "wiki.test.tokens"), valid);
            }

            var attempt = Task.Run(() => Check(load(kind == "wikitext" ? folder : path)));
            if (await Task.WhenAny(attempt, Task.Delay(PerMutant)) != attempt)
            {
                Assert.Fail($"{kind} mutant {i} ({name}) did not finish within {PerMutant}");
            }

            if (attempt.Exception?.InnerException is { } e)
            {
                Assert.True(e is DataFormatException, $"{kind} mutant {i} ({name}) threw {e.GetType().Name}: {e.Message}");
                Assert.Contains(path, e.Message, StringComparison.Ordinal);
                refused++;
            }
            else
            {
                read++;
            }
        }

        output.WriteLine($"{kind}: {MutantsPerKind} mutants, {read} read, {refused} refused, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(refused > minimumRefused, $"only {refused} of {MutantsPerKind} mutants were refused: the mutations do not bite");
    }

    /// <summary>What a mutant that was read must still be: every label a class, every text and sentence there.</summary>
    private static void Check(object loaded)
    {
        switch (loaded)
        {
            case TextClassificationDataset d:
                foreach (var x in d.Train.Concat(d.Validation).Concat(d.Test))
                {
                    Assert.InRange(x.Label, 0, d.LabelNames.Count - 1);
                    Assert.False(string.IsNullOrWhiteSpace(x.Text));
                }

                break;
            case ParallelCorpus p:
                Assert.All(p.Train.Concat(p.Validation).Concat(p.Test), x => Assert.False(string.IsNullOrWhiteSpace(x.Source) || string.IsNullOrWhiteSpace(x.Target)));
                break;
            case LanguageModelingCorpus c:
                Assert.True(c.Train.Count > 0 && c.Validation.Count > 0 && c.Test.Count > 0);
                break;
        }
    }

    private static string Extension(string kind) => kind switch { "tsv" => ".tsv", "emotion-jsonl" => ".jsonl", _ => ".csv" };

    private static (string Valid, char Separator, Func<string, object> Load) Kind(string kind) => kind switch
    {
        "agnews" => (Lines(40, i => $"\"{1 + (i % 4)}\",\"title {i}\",\"some text, number {i}\""), ',', p => AgNewsCsv.Load(p, AgNewsCsv.AgNewsLabelNames)),
        "dbpedia" => (Lines(40, i => $"\"{1 + (i % 14)}\",\"name {i}\",\"an entity\""), ',', p => AgNewsCsv.Load(p, AgNewsCsv.DbpediaLabelNames)),
        "emotion-csv" => ("text,label\n" + Lines(40, i => $"i feel thing {i},{i % 6}"), ',', p => EmotionCsv.Load(p)),
        "emotion-jsonl" => (Lines(40, i => $"{{\"text\": \"i feel {i}\", \"label\": {i % 6}}}"), ',', p => EmotionJsonl.Load(p)),
        "tsv" => (Lines(40, i => $"source sentence {i}\tZielsatz {i}"), '\t', p => ParallelTsv.Load(p)),
        _ => (Lines(6, i => i % 3 == 0 ? $" = Article {i} = " : $" the quick brown fox {i} jumps . "), ' ', p => WikiText.Load(p)),
    };
}
