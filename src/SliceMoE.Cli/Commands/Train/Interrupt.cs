using System.Runtime.InteropServices;

namespace SliceMoE.Cli.Commands.Train;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation the training loop sees between steps, so that it
/// writes a checkpoint before it stops; a second signal ends the process at once (the last checkpoint stays).
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private Action? _onFirst;

    public Interrupt()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Called (on the signal's thread) when the first signal arrives, to tell the user what happens next.</summary>
    public void OnFirstSignal(Action notify) => _onFirst = notify;

    public void Dispose()
    {
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _source.Dispose();
    }

    /// <summary>What the first signal does (also callable directly, e.g. by tests); false when a stop was already requested.</summary>
    public bool Request()
    {
        if (_source.IsCancellationRequested)
        {
            return false;
        }

        _source.Cancel();
        _onFirst?.Invoke();
        return true;
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The first signal is ours (cancelled: the process goes on to write its checkpoint); a second one is left to the
        // default handler, which ends the process.
        context.Cancel = Request();
    }
}
