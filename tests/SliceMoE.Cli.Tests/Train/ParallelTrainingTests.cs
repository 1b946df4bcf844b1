using System.Text.Json.Nodes;
using SliceMoE.IO.Safetensors;

namespace SliceMoE.Tests.Cli.Train;

/// <summary>
/// <c>mpirun -np 2 slicemoe train</c> over TCP on loopback: data and expert parallelism equal one process with the same global
/// batch, repeats its bits at a fixed rank count, survives a rank killed with SIGKILL, and resumes at another rank count.
/// </summary>
[Collection(SerialCollection.Name)]
public class ParallelTrainingTests
{
    /// <summary>
    /// Relative distance allowed between R ranks and one process: the gradients are the same sums in another order
    /// (each rank sums its share, then allreduce adds the shares), so they differ by float rounding, which 20 AdamW steps
    /// amplify a little; measured ~2e-10 on the final loss. The bound.
    /// </summary>
    private const double RankCountTolerance = 1e-4;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>A small LM without dropout (so that rank count changes nothing but summation order), 20 steps.</summary>
    private static string[] Lm(string outDir, params string[] more) =>
    [
        "train", "--task=lm", "--dataset=sample", "--dim=48", "--layers=2", "--heads=2", "--slices=4", "--experts=8", "--top_k=2",
        "--router_hidden=32", "--max_length=32", "--batch_size=8", "--steps=20", "--vocabulary_size=2000", "--eval_every=0",
        "--log_every=5", "--checkpoint_every=5", "--max_train_examples=400", "--max_eval_examples=32", "--warmup_steps=2",
        "--dropout=0", "--slice_dropout=0", "--threads=1", "--plain", $"--out={outDir}", .. more,
    ];

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "SliceMoE.Cli.dll");

    private static (int Code, string Output) Mpi(int ranks, string[] args) => MpiRun.Run(ranks, Timeout, ["dotnet", Cli, .. args]);

    private static double FinalLoss(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["final_train_loss"]!.GetValue<double>();

    /// <summary>Every float tensor of a checkpoint, by name: the parameters and AdamW's moments.</summary>
    private static Dictionary<string, float[]> Tensors(string run)
    {
        using var file = SafetensorsFile.Open(Path.Combine(run, "checkpoint.safetensors"));
        return file.Entries.Where(e => e.Dtype == SafetensorsDtype.F32)
            .ToDictionary(e => e.Name, e => file.ReadFloat32(e.Name).ToArray());
    }

    private static void AssertSameBits(string expected, string actual)
    {
        var a = Tensors(expected);
        var b = Tensors(actual);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, values) in a)
        {
            Tolerance.AssertBitwiseEqual(values, b[name], name);
        }

        Assert.Equal(FinalLoss(expected), FinalLoss(actual));
    }

    /// <summary>
    /// The final training loss and the validation loss within <see cref="RankCountTolerance"/>. Not the parameters one by
    /// one: a parameter whose true gradient is zero (the key bias, to which softmax is blind) gets rounding noise as its
    /// gradient, which AdamW normalises into steps of the learning rate's size, so it differs by ~1e-5 absolute.
    /// </summary>
    private static void AssertClose(string expected, string actual)
    {
        foreach (var (name, read) in new (string, Func<string, double>)[] { ("final_train_loss", FinalLoss), ("validation loss", ValidationLoss) })
        {
            double a = read(expected), b = read(actual);
            Assert.True(Math.Abs(a - b) <= RankCountTolerance * Math.Abs(a), $"{name} {b} against {a}");
        }
    }

    private static double ValidationLoss(string run) => JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["validation"]!["loss"]!.GetValue<double>();

    [Fact]
    public void Two_ranks_train_as_one_process_with_the_same_global_batch_and_repeat_their_bits()
    {
        using var dir = new TempDirectory();
        string single = dir.File("single"), first = dir.File("r2a"), second = dir.File("r2b");
        var (code, output) = CliRunner.Run(Lm(single));
        Assert.True(code == 0, output);

        (code, output) = Mpi(2, Lm(first));
        Assert.True(code == 0, output);
        Assert.Contains("final train loss", output, StringComparison.OrdinalIgnoreCase);
        AssertClose(single, first);

        (code, output) = Mpi(2, Lm(second));
        Assert.True(code == 0, output);
        AssertSameBits(first, second);
    }

    /// <summary>
    /// Expert parallelism over both ranks (each computes 4 of the 8 experts for both ranks' tokens) with cross-slice
    /// dropout on: the dropout draws are those of one process (each rank skips the other's), so it still equals one process.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("0.2")]
    public void Expert_parallel_training_equals_one_process(string sliceDropout)
    {
        using var dir = new TempDirectory();
        string single = dir.File("single"), parallel = dir.File("ep");
        var (code, output) = CliRunner.Run(Lm(single, $"--slice_dropout={sliceDropout}"));
        Assert.True(code == 0, output);
        (code, output) = Mpi(2, Lm(parallel, $"--slice_dropout={sliceDropout}", "--expert_parallel=2"));
        Assert.True(code == 0, output);
        AssertClose(single, parallel);
    }

    [Fact]
    public void Expert_parallel_that_does_not_divide_the_ranks_or_the_experts_is_refused()
    {
        using var dir = new TempDirectory();
        var (code, output) = CliRunner.Run(Lm(dir.File("a"), "--expert_parallel=2"));
        Assert.NotEqual(0, code);
        Assert.Contains("'expert_parallel' = 2 does not divide the 1 rank(s)", output, StringComparison.Ordinal);
        (code, output) = CliRunner.Run(Lm(dir.File("b"), "--expert_parallel=3"));
        Assert.NotEqual(0, code);
        Assert.Contains("config key 'expert_parallel' = 3 is not allowed: it must be 1, or a divisor of experts = 8", output, StringComparison.Ordinal);
    }

    /// <summary>Starts <paramref name="args"/> on <paramref name="ranks"/> ranks, kills rank <paramref name="victim"/> with SIGKILL once the first checkpoint is down, and checks that the job ends within 30 s naming it.</summary>
    private static void KillAfterFirstCheckpoint(int ranks, int victim, string run, string[] args)
    {
        using var job = MpiRun.Start(ranks, ["dotnet", Cli, .. args]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int? pid = null;
        while (clock.Elapsed < Timeout && (pid is null || !File.Exists(Path.Combine(run, "checkpoint.safetensors"))))
        {
            pid ??= job.RankProcess(victim);
            Thread.Sleep(20);
        }

        Assert.NotNull(pid);
        System.Diagnostics.Process.GetProcessById(pid.Value).Kill();
        var (code, output) = job.Wait(TimeSpan.FromSeconds(30)); // throws past 30 s: a hang
        Assert.NotEqual(0, code);
        Assert.Matches($"rank {victim} .*(killed|signal 9)", output.Replace('\n', ' '));
        Assert.False(File.Exists(Path.Combine(run, "summary.json")), "the run was killed before it finished");
    }

    [Fact]
    public void A_rank_killed_mid_run_ends_the_job_naming_it_and_resume_reaches_the_same_bits_or_at_another_rank_count_the_same_result()
    {
        using var dir = new TempDirectory();
        string whole = dir.File("whole"), killed = dir.File("killed"), onOne = dir.File("on-one"), startedOnOne = dir.File("started-on-one");
        var longer = new[] { "--steps=60" };
        var (code, output) = Mpi(2, Lm(whole, longer));
        Assert.True(code == 0, output);

        KillAfterFirstCheckpoint(2, 1, killed, Lm(killed, longer));

        // The checkpoint is whole: copied before it is resumed, it is resumed at another rank count as well.
        Directory.CreateDirectory(onOne);
        foreach (var f in Directory.GetFiles(killed))
        {
            File.Copy(f, Path.Combine(onOne, Path.GetFileName(f)));
        }

        (code, output) = Mpi(2, ["train", "--resume", killed, "--threads=1", "--plain"]);
        Assert.True(code == 0, output);
        AssertSameBits(whole, killed);

        // 2 → 1: the run finished by one process.
        (code, output) = CliRunner.Run("train", "--resume", onOne, "--threads=1", "--plain");
        Assert.True(code == 0, output);
        AssertClose(whole, onOne);

        // 1 → 2: a run of one process (mpirun -np 1), killed, finished by two ranks.
        KillAfterFirstCheckpoint(1, 0, startedOnOne, Lm(startedOnOne, longer));
        (code, output) = Mpi(2, ["train", "--resume", startedOnOne, "--threads=1", "--plain"]);
        Assert.True(code == 0, output);
        AssertClose(whole, startedOnOne);
    }

    [Fact]
    public void Ranks_started_with_different_configs_are_refused_naming_the_keys()
    {
        using var dir = new TempDirectory();
        string run = dir.File("run");
        var (code, output) = MpiRun.RunEach(Timeout, ["dotnet", Cli, .. Lm(run)], ["dotnet", Cli, .. Lm(run, "--learning_rate=0.002", "--seed=7")]);
        Assert.NotEqual(0, code);
        Assert.Contains("disagree on the config", output, StringComparison.Ordinal);
        Assert.Contains("learning_rate = 0.002", output, StringComparison.Ordinal);
        Assert.Contains("seed = 7", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, "checkpoint.safetensors")));
    }

    [Fact]
    public void A_batch_that_does_not_split_over_the_ranks_is_refused_before_training()
    {
        using var dir = new TempDirectory();
        var (code, output) = MpiRun.Run(3, Timeout, ["dotnet", Cli, .. Lm(dir.File("run"))]);
        Assert.NotEqual(0, code);
        Assert.Contains("'batch_size' = 8 does not split over 3 ranks", output, StringComparison.Ordinal);
    }
}
