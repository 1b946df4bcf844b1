using System.Numerics;
using SliceMoE.Distributed;
using SliceMoE.Tensors;

namespace SliceMoE.Moe.Parallel;

/// <summary>
/// Expert parallelism's exchange for one MoE layer: the P ranks of a group each hold E/P experts (rank p: experts
/// [p·E/P, (p+1)·E/P)) and send every assignment's row to the rank of its expert, then take the results back.
/// <list type="number">
/// <item>The local dispatch order is already sorted by expert, so the rows for rank q are one contiguous block.</item>
/// <item>An all-to-all of the per-expert counts tells each rank how many rows it receives from each source, per expert.</item>
/// <item>An all-to-all-v moves the rows (dropless: variable sizes, as in MegaBlocks); they arrive source by source and
/// are reordered expert by expert (source order within an expert), so that the grouped GEMMs run over each expert's
/// rows in one block.</item>
/// <item>The way back is the reverse reorder and the reverse all-to-all-v. The backward uses the same two moves for the
/// gradients (the backward of an all-to-all is the reverse all-to-all).</item>
/// </list>
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
internal sealed class ExpertExchange<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly GrowableBuffer<T> _bySource = new();
    private ICommunicator? _group;
    private int _experts;
    private int[] _sendCounts = [];   // [E]: local rows per expert (rank q's experts are block q)
    private int[] _receiveCounts = []; // [P·E/P]: rows from source s for local expert j, at s·E/P + j
    private int[] _sendRows = [], _sendStart = [], _receiveRows = [], _receiveStart = [];
    private int[] _received = [];      // [E + 1]: expert-major offsets of the received rows (zero rows for other ranks' experts)
    private int[] _blockBySource = [], _blockByExpert = []; // [P·E/P]: row offset of block (s, j) in each layout
    private int[] _sendCountsScaled = [], _sendStartScaled = [], _receiveCountsScaled = [], _receiveStartScaled = [];

    /// <summary>Rows this rank's experts compute (M).</summary>
    public int ReceivedRows { get; private set; }

    /// <summary>[E + 1] offsets of each expert's rows in the received (expert-major) buffer; other ranks' experts have none.</summary>
    public ReadOnlySpan<int> ReceivedOffsets => _received;

    /// <summary>Rows this rank sends (A, its active assignments).</summary>
    public int SentRows { get; private set; }

    /// <summary>Exchanges the counts for a routing plan's <paramref name="expertOffsets"/> [E + 1] over <paramref name="group"/>.</summary>
    /// <exception cref="ArgumentException">When E is not a multiple of the group's size.</exception>
    public void Plan(ICommunicator group, ReadOnlySpan<int> expertOffsets, int experts)
    {
        int p = group.Size;
        if (experts % p != 0)
        {
            throw new ArgumentException($"Expert parallelism over {p} ranks needs the expert count ({experts}) to be a multiple of {p}.", nameof(group));
        }

        _group = group;
        _experts = experts;
        int local = experts / p;
        Array.Resize(ref _sendCounts, experts);
        Array.Resize(ref _receiveCounts, experts);
        for (int e = 0; e < experts; e++)
        {
            _sendCounts[e] = expertOffsets[e + 1] - expertOffsets[e];
        }

        group.AllToAll<int>(_sendCounts, _receiveCounts);

        Array.Resize(ref _sendRows, p);
        Array.Resize(ref _sendStart, p);
        Array.Resize(ref _receiveRows, p);
        Array.Resize(ref _receiveStart, p);
        Array.Resize(ref _blockBySource, experts);
        Array.Resize(ref _blockByExpert, experts);
        Array.Resize(ref _received, experts + 1);
        int sent = 0, received = 0;
        for (int q = 0; q < p; q++)
        {
            _sendStart[q] = sent;
            _receiveStart[q] = received;
            _sendRows[q] = expertOffsets[(q + 1) * local] - expertOffsets[q * local];
            sent += _sendRows[q];
            int fromQ = 0;
            for (int j = 0; j < local; j++)
            {
                _blockBySource[(q * local) + j] = received + fromQ;
                fromQ += _receiveCounts[(q * local) + j];
            }

            _receiveRows[q] = fromQ;
            received += fromQ;
        }

        SentRows = sent;
        ReceivedRows = received;

        // Expert-major: expert j's rows from every source in source order; other ranks' experts hold none.
        int first = group.Rank * local, row = 0;
        for (int e = 0; e <= experts; e++)
        {
            _received[e] = row;
            int j = e - first;
            if (j >= 0 && j < local)
            {
                for (int s = 0; s < p; s++)
                {
                    _blockByExpert[(s * local) + j] = row;
                    row += _receiveCounts[(s * local) + j];
                }
            }
        }
    }

    /// <summary>Local rows [A, width] (dispatch order) to the owners' buffers [M, width] (expert-major).</summary>
    public void Send(ReadOnlySpan<T> local, Span<T> received, int width)
    {
        var group = _group ?? throw new InvalidOperationException("Plan the exchange first.");
        var bySource = _bySource.Ensure(ReceivedRows * width);
        group.AllToAllV(local[..(SentRows * width)], Scale(ref _sendCountsScaled, _sendRows, width), Scale(ref _sendStartScaled, _sendStart, width), bySource, Scale(ref _receiveCountsScaled, _receiveRows, width), Scale(ref _receiveStartScaled, _receiveStart, width));
        Reorder(bySource, received, width, toExpertMajor: true);
    }

    /// <summary>The owners' rows [M, width] (expert-major) back to where they came from [A, width] (dispatch order).</summary>
    public void Return(ReadOnlySpan<T> received, Span<T> local, int width)
    {
        var group = _group ?? throw new InvalidOperationException("Plan the exchange first.");
        var bySource = _bySource.Ensure(ReceivedRows * width);
        Reorder(received, bySource, width, toExpertMajor: false);
        group.AllToAllV<T>(bySource, Scale(ref _receiveCountsScaled, _receiveRows, width), Scale(ref _receiveStartScaled, _receiveStart, width), local[..(SentRows * width)], Scale(ref _sendCountsScaled, _sendRows, width), Scale(ref _sendStartScaled, _sendStart, width));
    }

    /// <inheritdoc />
    public void Dispose() => _bySource.Dispose();

    private void Reorder(ReadOnlySpan<T> from, Span<T> to, int width, bool toExpertMajor)
    {
        for (int b = 0; b < _experts; b++)
        {
            int rows = _receiveCounts[b];
            int src = toExpertMajor ? _blockBySource[b] : _blockByExpert[b];
            int dst = toExpertMajor ? _blockByExpert[b] : _blockBySource[b];
            from.Slice(src * width, rows * width).CopyTo(to.Slice(dst * width, rows * width));
        }
    }

    /// <summary>Row counts or offsets as element counts (MPI counts elements), in a reused array.</summary>
    private static int[] Scale(ref int[] into, int[] rows, int width)
    {
        Array.Resize(ref into, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            into[i] = checked(rows[i] * width);
        }

        return into;
    }
}
