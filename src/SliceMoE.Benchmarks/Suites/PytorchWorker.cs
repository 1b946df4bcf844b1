using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>
/// The PyTorch replica's benchmark worker (<c>tools/replica/bench_worker.py</c>), a long-lived process that answers one
/// JSON line on standard output for each JSON line it reads on standard input (<c>build</c>, <c>step</c>, <c>memory</c>,
/// <c>quit</c>; <c>{"ok": false, "error": ...}</c> on failure). It runs in the tuned environment of the reference
/// benchmarks (shared/reference/run_bench_tuned.sh): jemalloc without page purging where it is installed, passive OpenMP
/// waiting, OpenBLAS's AVX-512 kernels, and OMP_NUM_THREADS set to the threads asked for.
/// </summary>
public sealed class PytorchWorker : IDisposable
{
    /// <summary>jemalloc, preloaded when this file exists.</summary>
    public const string Jemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    /// <summary>The worker script, relative to the repository root.</summary>
    public const string ScriptPath = "tools/replica/bench_worker.py";

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromMinutes(10);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private PytorchWorker(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                    if (_stderr.Length > 20_000)
                    {
                        _stderr.Remove(0, _stderr.Length - 10_000);
                    }
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>The worker's process (for counting its CPU time as the measurement's own).</summary>
    public Process Process => _process;

    /// <summary>Starts <paramref name="script"/> under <paramref name="python"/> in <paramref name="workingDirectory"/> with the tuned environment.</summary>
    /// <exception cref="InvalidOperationException">When the process cannot be started.</exception>
    public static PytorchWorker Start(string python, string script, string workingDirectory, int threads)
    {
        var psi = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(script);
        foreach (var (key, value) in Environment(threads))
        {
            psi.Environment[key] = value;
        }

        try
        {
            return new PytorchWorker(Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {python}."));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not start the PyTorch worker {python} {script}: {e.Message}", e);
        }
    }

    /// <summary>The tuned environment of the reference benchmarks, for <paramref name="threads"/> threads.</summary>
    public static IReadOnlyList<(string Key, string Value)> Environment(int threads)
    {
        var env = new List<(string, string)>();
        if (File.Exists(Jemalloc))
        {
            env.Add(("LD_PRELOAD", Jemalloc));
        }

        env.Add(("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1"));
        env.Add(("OMP_WAIT_POLICY", "PASSIVE"));
        env.Add(("OPENBLAS_CORETYPE", "Cooperlake"));
        env.Add(("OMP_NUM_THREADS", threads.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        env.Add(("PYTHONUNBUFFERED", "1"));
        return env;
    }

    /// <summary>Whether <paramref name="python"/> runs and imports torch; otherwise why not.</summary>
    public static bool CanImportTorch(string python, out string why)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import torch");
        try
        {
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                p.Kill(entireProcessTree: true);
                why = $"{python} -c 'import torch' did not finish within 2 minutes";
                return false;
            }

            var lines = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            why = p.ExitCode == 0 ? string.Empty : $"{python} cannot import torch ({(lines.Length > 0 ? lines[^1].Trim() : $"exit code {p.ExitCode}")})";
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"{python} cannot be run ({e.Message})";
            return false;
        }
    }

    /// <summary>Sends one command and returns the worker's answer.</summary>
    /// <exception cref="InvalidOperationException">When the worker answers <c>ok: false</c>, exits, hangs or writes something that is not a JSON object.</exception>
    public JsonObject Send(JsonObject command)
    {
        ArgumentNullException.ThrowIfNull(command);
        string what = command["cmd"]?.ToString() ?? "?";
        try
        {
            _process.StandardInput.WriteLine(command.ToJsonString());
            _process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            throw Failure($"could not send '{what}' ({e.Message})");
        }

        var read = _process.StandardOutput.ReadLineAsync();
        if (!read.Wait(ReplyTimeout))
        {
            throw Failure($"no answer to '{what}' within {ReplyTimeout.TotalMinutes:F0} minutes");
        }

        string? line = read.Result;
        if (line is null)
        {
            throw Failure($"exited while answering '{what}'");
        }

        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(line) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            answer = null;
        }

        if (answer is null)
        {
            throw Failure($"answered '{what}' with a line that is not a JSON object: {line}");
        }

        if (answer["ok"]?.GetValue<bool>() != true)
        {
            throw Failure($"'{what}' failed: {answer["error"]?.ToString() ?? line}");
        }

        return answer;
    }

    /// <summary>Asks the worker to quit, and ends it if it does not within a few seconds.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("{\"cmd\":\"quit\"}");
                _process.StandardInput.Flush();
                if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (IOException)
        {
            // It is gone already.
        }
        catch (InvalidOperationException)
        {
            // It was never started or is gone.
        }

        _process.Dispose();
    }

    private InvalidOperationException Failure(string message)
    {
        if (_process.HasExited)
        {
            _process.WaitForExit(); // lets the error output's reader finish
        }

        string tail;
        lock (_stderr)
        {
            tail = _stderr.ToString().Trim();
        }

        if (tail.Length > 2000)
        {
            tail = "..." + tail[^2000..];
        }

        return new InvalidOperationException($"The PyTorch worker {message}." + (tail.Length > 0 ? $" Its error output:\n{tail}" : string.Empty));
    }
}
