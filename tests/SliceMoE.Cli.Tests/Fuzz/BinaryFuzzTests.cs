using System.Diagnostics;
using SliceMoE.Interop;
using SliceMoE.IO.Safetensors;
using SliceMoE.Numerics;
using SliceMoE.Training;
using SliceMoE.Training.Data;
using Xunit.Abstractions;

namespace SliceMoE.Tests.Cli.Fuzz;

/// <summary>
/// Mutants of a training checkpoint (resumed) and of a layer case (run): each is used or refused with an error of the
/// kinds the readers document, naming the file; a refused layer case writes no result. Seeded and bounded.
/// </summary>
public class BinaryFuzzTests(ITestOutputHelper output)
{
    private const int Mutants = 120;

    private static bool IsClear(Exception e, string path) =>
        e is SafetensorsException or CheckpointDamagedException or FormatException or InvalidOperationException or ArgumentException
        && e.Message.Contains(path, StringComparison.Ordinal)
        && e is not (ArgumentOutOfRangeException or ArgumentNullException);

    [Fact]
    public void Every_mutant_of_a_checkpoint_resumes_or_is_refused_clearly()
    {
        using var dir = new TempDirectory();
        var config = ConfigBinder.Apply(new TrainingConfig { Out = dir.File("run") },
        [
            "--task=classification", "--dataset=sample", "--dim=16", "--layers=1", "--heads=2", "--slices=4", "--experts=4", "--router_hidden=8",
            "--max_length=16", "--batch_size=8", "--steps=2", "--vocabulary_size=300", "--eval_every=0", "--max_train_examples=64", "--max_eval_examples=8",
        ]);
        string valid;
        using (var run = TrainingRun.Start(config, TaskDatasets.WithoutCache))
        {
            run.Run();
            valid = run.CheckpointPath;
        }

        Run("checkpoint", File.ReadAllBytes(valid), dir, (path, _) =>
        {
            using var resumed = TrainingRun.Resume(path, TaskDatasets.WithoutCache);
        });
    }

    [Fact]
    public void Every_mutant_of_a_layer_case_runs_or_is_refused_clearly_and_writes_no_result()
    {
        using var dir = new TempDirectory();
        Run("layer case", File.ReadAllBytes(Fixtures.Golden("golden_slicemoe_seqtopk.safetensors")), dir, (path, result) => LayerCase.Run(path, result));
    }

    private void Run(string kind, byte[] valid, TempDirectory dir, Action<string, string> use)
    {
        var mutator = new Mutator(new Rng(11));
        int used = 0, refused = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutants; i++)
        {
            var (name, bytes) = mutator.Mutate(valid, ',');
            string folder = dir.File($"{kind.Replace(' ', '-')}-{i}");
            Directory.CreateDirectory(folder);
            string path = Path.Combine(folder, "checkpoint.safetensors"), result = Path.Combine(folder, "result.safetensors");
            File.WriteAllBytes(path, bytes);
            try
            {
                use(path, result);
                used++;
            }
            catch (Exception e) when (IsClear(e, path))
            {
                refused++;
                Assert.False(File.Exists(result), $"{kind} mutant {i} ({name}) was refused but wrote a result");
            }
            catch (Exception e)
            {
                Assert.Fail($"{kind} mutant {i} ({name}) threw {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{kind}: {Mutants} mutants, {used} used, {refused} refused, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(refused > Mutants / 4, $"only {refused} of {Mutants} mutants were refused");
    }
}
