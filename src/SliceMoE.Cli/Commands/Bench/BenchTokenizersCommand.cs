using System.CommandLine;
using System.Globalization;
using SliceMoE.Benchmarks.Suites;
using SliceMoE.Cli.Output;
using SliceMoE.Data;
using SliceMoE.Text;
using SliceMoE.Training.Data;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary><c>slicemoe bench tokenizers</c>.</summary>
internal static class BenchTokenizersCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of a table." };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds (each: a fresh tokenizer of each kind, a first and a second pass).", DefaultValueFactory = _ => 5 };
        var command = new Command("tokenizers", "Our tokenizers against Microsoft.ML.Tokenizers on the shipped sample: GPT-2 BPE (ids compared; load, first and second pass timed in alternating rounds) and BERT WordPiece (ids compared).") { json, rounds };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var texts = SampleData.Texts();
            var report = TokenizerBenchmark.Run(
                texts,
                TokenizerFactory.FindRepositoryFile(KnownFiles.Gpt2.RepoEncoderJson),
                TokenizerFactory.FindRepositoryFile(KnownFiles.Gpt2.RepoVocabBpe),
                parse.GetValue(rounds));
            var bert = BertComparison.Run(texts, TokenizerFactory.FindRepositoryFile(KnownFiles.Bert.RepoVocabJson));
            if (parse.GetValue(json))
            {
                foreach (var m in report.Measurements)
                {
                    JsonLines.Write(output, new
                    {
                        implementation = m.Implementation,
                        phase = m.Phase,
                        texts = report.Texts,
                        characters = report.Characters,
                        tokens = report.Tokens,
                        differing_texts = report.DifferingTexts,
                        median_s = m.MedianSeconds,
                        best_s = m.BestSeconds,
                        runs = m.Runs,
                        contended = m.Contended,
                        chars_per_s = m.CharsPerSecond,
                        ratio_to_ours = m.RatioToOurs,
                    });
                }

                JsonLines.Write(output, new
                {
                    implementation = "ML.Tokenizers BertTokenizer",
                    texts = bert.Texts,
                    differing_texts = bert.DifferingTexts,
                    accents_stripped = bert.AccentsStripped,
                    missing_tokens = bert.MissingTokens.Take(20).ToDictionary(t => t.Token, t => t.Texts),
                });
            }
            else
            {
                Render(output, report);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"BERT uncased: ML.Tokenizers' BertTokenizer differs from ours on {bert.DifferingTexts:N0} of {bert.Texts:N0} texts; its accent stripping {(bert.AccentsStripped ? "works" : "does nothing")} in this process."));
                output.WriteLine("  tokens of our ids that its ids lack (texts): " + string.Join(", ", bert.MissingTokens.Take(12).Select(t => $"{t.Token} ({t.Texts})")));
            }

            return report.DifferingTexts == 0 ? 0 : 1;
        }));
        return command;
    }

    private static void Render(TextWriter output, TokenizerBenchmarkReport report)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Shipped sample: {report.Texts:N0} texts, {report.Characters:N0} characters, {report.Tokens:N0} GPT-2 tokens; ids differ on {report.DifferingTexts} text(s)."));
        var table = new Table().Border(TableBorder.Markdown);
        foreach (var h in new[] { "tokenizer", "phase", "median ms", "best ms", "rounds (contended)", "M chars/s", "ours / this (time)" })
        {
            table.AddColumn(h);
        }

        foreach (var m in report.Measurements)
        {
            table.AddRow(
                m.Implementation, m.Phase, (m.MedianSeconds * 1e3).ToString("F0", CultureInfo.InvariantCulture), (m.BestSeconds * 1e3).ToString("F0", CultureInfo.InvariantCulture),
                $"{m.Runs} ({m.Contended})", m.CharsPerSecond > 0 ? (m.CharsPerSecond / 1e6).ToString("F2", CultureInfo.InvariantCulture) : "-",
                m.RatioToOurs.ToString("F2", CultureInfo.InvariantCulture));
        }

        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        console.Write(table);
        output.WriteLine("load: the first in this process, timed once (ML.Tokenizers keeps the parsed vocabulary in a static cache after it). One thread.");
    }
}
