using System.Diagnostics;

namespace SliceMoE.Benchmarks.Measurement;

/// <summary>
/// CPU time used by other processes while a block ran, in cores: (machine busy time - this process's time) / wall time.
/// Above ~0.1 another process competed for the cores and the timing is marked contended. A helper process that does the
/// block's work (a PyTorch worker answering a request) counts as this process. Linux only (/proc/stat); elsewhere it
/// reports 0.
/// </summary>
internal sealed class ForeignLoad
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ, fixed at 100 on Linux
    private readonly double _busy0;
    private readonly TimeSpan _own0;
    private readonly long _wall0;
    private readonly Process? _helper;

    private ForeignLoad(Process? helper)
    {
        _helper = helper;
        _busy0 = MachineBusySeconds();
        _own0 = OwnTime();
        _wall0 = Stopwatch.GetTimestamp();
    }

    /// <summary>Starts counting; <paramref name="helper"/>'s CPU time is counted as this process's.</summary>
    public static ForeignLoad Start(Process? helper = null) => new(helper);

    /// <summary>Other processes' average core usage since <see cref="Start"/>.</summary>
    public double Cores()
    {
        double wall = Stopwatch.GetElapsedTime(_wall0).TotalSeconds;
        double own = (OwnTime() - _own0).TotalSeconds;
        double busy = MachineBusySeconds() - _busy0;
        return wall <= 0 ? 0 : Math.Max(0, (busy - own) / wall);
    }

    /// <summary>Waits (up to <paramref name="maxWait"/>) until the machine is at least 90% idle over a quarter second.</summary>
    public static bool WaitForIdle(TimeSpan maxWait)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(maxWait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            double b0 = MachineBusySeconds();
            Thread.Sleep(250);
            double busyCores = (MachineBusySeconds() - b0) / 0.25;
            if (busyCores <= 0.1 * Environment.ProcessorCount || !File.Exists("/proc/stat"))
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
        }
    }

    private TimeSpan OwnTime()
    {
        var own = Process.GetCurrentProcess().TotalProcessorTime;
        if (_helper is null)
        {
            return own;
        }

        try
        {
            _helper.Refresh();
            return own + _helper.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return own; // it exited: the action that needs it fails on its own
        }
    }

    private static double MachineBusySeconds()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var parts = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double total = 0;
            for (int i = 1; i <= 8 && i < parts.Length; i++)
            {
                if (i != 4 && i != 5)
                {
                    total += double.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return total / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
