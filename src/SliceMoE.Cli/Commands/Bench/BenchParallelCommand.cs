using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SliceMoE.Benchmarks.Suites;
using SliceMoE.Cli.Output;
using SliceMoE.Compute;
using SliceMoE.Distributed;
using SliceMoE.Distributed.Mpi;
using Spectre.Console;

namespace SliceMoE.Cli.Commands.Bench;

/// <summary>
/// <c>slicemoe bench parallel</c>: one process × 2 threads against 2 ranks × 1 thread, data and expert parallel, over
/// TCP and over shared memory, for the paper's layer and a small LM. Every measurement is a fresh process (mpirun for
/// the ranks), the configurations in alternating order from round to round; the median round is reported.
/// </summary>
internal static class BenchParallelCommand
{
    /// <summary>What rank 0 of a worker prints before its result, so that the orchestrator finds it among mpirun's output.</summary>
    private const string ResultPrefix = "bench-parallel-result ";

    private static readonly (string Mode, int Ranks, int Threads, string Transport)[] Configurations =
    [
        ("single", 1, 2, "none"), ("dp", 2, 1, "tcp"), ("ep", 2, 1, "tcp"), ("dp", 2, 1, "shm"), ("ep", 2, 1, "shm"),
    ];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per measurement instead of a table." };
        var rounds = new Option<int>("--rounds") { Description = "Alternating rounds; the median is reported.", DefaultValueFactory = _ => 3 };
        var workloads = new Option<string[]>("--workloads") { Description = "layer, lm or both.", DefaultValueFactory = _ => ["layer", "lm"], AllowMultipleArgumentsPerToken = true };
        var tokens = new Option<int>("--tokens") { Description = "Global batch of the layer workload, in tokens.", DefaultValueFactory = _ => 2048 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per measurement (after 2 warm-up steps).", DefaultValueFactory = _ => 4 };
        var worker = new Option<string?>("--worker") { Description = "Internal: run one measurement on this rank (WORKLOAD:MODE:TRANSPORT:THREADS).", Hidden = true };
        var command = new Command("parallel", "Tokens/s of data- and expert-parallel training on 2 ranks against one process with 2 threads, over TCP and shared memory, split into compute, all-to-all, allreduce and waiting, with the bytes moved per step.")
        {
            json, rounds, workloads, tokens, steps, worker,
        };
        command.SetAction(parse => CommandErrors.Run(parse.InvocationConfiguration.Error, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(worker) is { } spec)
            {
                return Ranks.Run(world => Worker(world, spec, parse.GetValue(tokens), parse.GetValue(steps), output));
            }

            var results = Orchestrate(parse.GetValue(workloads)!, parse.GetValue(rounds), parse.GetValue(tokens), parse.GetValue(steps), parse.GetValue(json) ? null : parse.InvocationConfiguration.Error);
            if (parse.GetValue(json))
            {
                foreach (var m in results)
                {
                    JsonLines.Write(output, Json(m, results));
                }
            }
            else
            {
                Render(output, results);
            }

            return 0;
        }));
        return command;
    }

    /// <summary>One measurement on this rank; rank 0 prints it.</summary>
    private static int Worker(ICommunicator world, string spec, int tokens, int steps, TextWriter output)
    {
        var parts = spec.Split(':');
        if (parts.Length != 4 || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out int threads) || threads < 1)
        {
            throw new ArgumentException($"--worker takes WORKLOAD:MODE:TRANSPORT:THREADS, not '{spec}'.");
        }

        var (workload, mode, transport) = (parts[0], parts[1], parts[2]);
        ComputeThreads.Count = threads;
        var m = workload switch
        {
            "layer" => ParallelBenchmark.Layer(world, mode, transport, tokens, steps),
            "lm" => ParallelBenchmark.LanguageModel(world, mode, transport, CliData.Source(), steps),
            _ => throw new ArgumentException($"--workloads takes layer or lm, not '{workload}'."),
        };
        if (world.Rank == 0)
        {
            output.WriteLine(ResultPrefix + JsonSerializer.Serialize(m));
        }

        return 0;
    }

    private static List<ParallelMeasurement> Orchestrate(string[] workloads, int rounds, int tokens, int steps, TextWriter? progress)
    {
        var samples = new Dictionary<(string, string, string), List<ParallelMeasurement>>();
        for (int round = 0; round < rounds; round++)
        {
            foreach (var workload in workloads)
            {
                // Alternate the order, so that a slow spell of a shared machine falls on every configuration in turn.
                var order = round % 2 == 0 ? Configurations : Configurations.Reverse().ToArray();
                foreach (var (mode, ranks, threads, transport) in order)
                {
                    var m = Launch(workload, mode, ranks, threads, transport, tokens, steps);
                    progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: {workload,-5} {mode,-6} {ranks}×{threads} {transport,-4} {m.TokensPerSecond,8:F0} tokens/s"));
                    var key = (workload, mode, transport);
                    if (!samples.TryGetValue(key, out var list))
                    {
                        samples[key] = list = [];
                    }

                    list.Add(m);
                }
            }
        }

        return samples.Values.Select(list => list.OrderBy(m => m.TokensPerSecond).ElementAt(list.Count / 2)).ToList();
    }

    /// <summary>Starts one measurement as a fresh process: mpirun for ranks, the tool itself for one process.</summary>
    private static ParallelMeasurement Launch(string workload, string mode, int ranks, int threads, string transport, int tokens, int steps)
    {
        var self = SelfCommand();
        var args = new List<string>();
        if (ranks > 1)
        {
            args.AddRange(["--allow-run-as-root", "--oversubscribe", "--mca", "btl", transport == "shm" ? "vader,self" : "tcp,self", "--bind-to", "none", "-np", ranks.ToString(CultureInfo.InvariantCulture)]);
            args.AddRange(self);
        }
        else
        {
            args.AddRange(self.Skip(1));
        }

        args.AddRange(["bench", "parallel", "--worker", $"{workload}:{mode}:{transport}:{threads}", "--tokens", tokens.ToString(CultureInfo.InvariantCulture), "--steps", steps.ToString(CultureInfo.InvariantCulture)]);
        var psi = new ProcessStartInfo(ranks > 1 ? "mpirun" : self[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start {psi.FileName}: bench parallel needs Open MPI's mpirun (Debian: apt-get install -y openmpi-bin libopenmpi-dev).", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // Terminal control sequences may come before it on its line.
            var line = stdout.Split('\n').Select(l => l.IndexOf(ResultPrefix, StringComparison.Ordinal) is int i and >= 0 ? l[i..] : null).FirstOrDefault(l => l is not null);
            if (process.ExitCode != 0 || line is null)
            {
                throw new InvalidOperationException($"The {workload} {mode} measurement on {ranks} rank(s) over {transport} failed (exit code {process.ExitCode}): {stdout}{stderr.Result}");
            }

            return JsonSerializer.Deserialize<ParallelMeasurement>(line[ResultPrefix.Length..])!;
        }
    }

    /// <summary>How to start this tool again: the apphost, or dotnet with this assembly.</summary>
    private static string[] SelfCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, typeof(BenchParallelCommand).Assembly.Location] : [process];
    }

    private static double RatioToSingle(ParallelMeasurement m, IReadOnlyList<ParallelMeasurement> all) =>
        all.FirstOrDefault(o => o.Workload == m.Workload && o.Mode == "single") is { } single ? m.TokensPerSecond / single.TokensPerSecond : double.NaN;

    private static object Json(ParallelMeasurement m, IReadOnlyList<ParallelMeasurement> all) => new
    {
        workload = m.Workload,
        mode = m.Mode,
        ranks = m.Ranks,
        threads = m.Threads,
        transport = m.Transport,
        tokens_per_s = m.TokensPerSecond,
        ratio_to_single = RatioToSingle(m, all),
        comm_fraction = m.CommFraction,
        bytes_per_step = m.BytesPerStep,
        all_to_all_bytes_per_step = m.AllToAllBytesPerStep,
        step_s = m.StepSeconds,
        compute_s = m.ComputeSeconds,
        all_to_all_s = m.AllToAllSeconds,
        allreduce_s = m.AllReduceSeconds,
        other_collectives_s = m.OtherSeconds,
        waiting_s = m.WaitingSeconds,
        steps = m.Steps,
    };

    private static void Render(TextWriter output, IReadOnlyList<ParallelMeasurement> results)
    {
        var table = new Table().Border(TableBorder.Markdown);
        foreach (var h in new[] { "workload", "mode", "ranks × threads", "transport", "tokens/s", "/ single", "step ms", "compute", "all-to-all", "allreduce", "other", "waiting", "MB/step (a2a)" })
        {
            table.AddColumn(h);
        }

        static string Ms(double s) => (s * 1e3).ToString("F1", CultureInfo.InvariantCulture);
        foreach (var m in results)
        {
            table.AddRow(
                m.Workload, m.Mode, $"{m.Ranks} × {m.Threads}", m.Transport, m.TokensPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                RatioToSingle(m, results).ToString("F2", CultureInfo.InvariantCulture), Ms(m.StepSeconds), Ms(m.ComputeSeconds), Ms(m.AllToAllSeconds), Ms(m.AllReduceSeconds),
                Ms(m.OtherSeconds), Ms(m.WaitingSeconds),
                string.Create(CultureInfo.InvariantCulture, $"{m.BytesPerStep / 1e6:F1} ({m.AllToAllBytesPerStep / 1e6:F1})"));
        }

        var console = Consoles.Create(output, Consoles.IsTerminal(output));
        console.Write(table);
        output.WriteLine("Times per step (rank 0). Waiting: at a barrier before each collective, for the slower rank. MB/step: what rank 0 hands to collectives for the other rank (an allreduce's whole buffer).");
        output.WriteLine($"layer: the paper's SliceMoE layer (d=768, S=8, E=16, k=2), forward + backward + gradient allreduce. lm: whole training steps of a d=128, 2-layer SliceMoE LM, T=64, 16 sequences.");
    }
}
