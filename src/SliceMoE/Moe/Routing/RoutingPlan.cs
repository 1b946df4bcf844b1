using System.Numerics;

namespace SliceMoE.Moe.Routing;

/// <summary>
/// One routing decision for a batch of R rows (row = (token, slice)): the candidate assignments a selector chose,
/// what cross-slice dropout and the capacity limit did to them, the final gates, and the expert-sorted dispatch
/// order (a counting sort: histogram, prefix sums, stable placement). Candidates are stored by row, in rank order
/// (rank 0 = the row's highest score), so every later step is a deterministic pass in that order.
/// Arrays are reused across calls and only grow.
/// </summary>
/// <typeparam name="T">Gate type.</typeparam>
public sealed class RoutingPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private int[] _rowStart = [0];
    private int[] _expert = [];
    private T[] _rawGate = [];
    private bool[] _keptByDropout = [];
    private bool[] _active = [];
    private T[] _gate = [];
    private T[] _rowNorm = [];
    private int[] _expertOffsets = [];
    private int[] _sortedCandidate = [];
    private int[] _candidateToSorted = [];
    private int[] _sortedRow = [];

    /// <summary>R: rows routed.</summary>
    public int Rows { get; private set; }

    /// <summary>E: experts.</summary>
    public int Experts { get; private set; }

    /// <summary>Candidates the selector chose (before dropout and capacity).</summary>
    public int CandidateCount => _rowStart[Rows];

    /// <summary>Assignments that are computed (after dropout and capacity).</summary>
    public int ActiveCount { get; private set; }

    /// <summary>Candidates removed by cross-slice dropout.</summary>
    public int DroppedByDropout { get; private set; }

    /// <summary>Candidates removed by the capacity limit.</summary>
    public int DroppedByCapacity { get; private set; }

    /// <summary>Rows with no active assignment (they output zeros).</summary>
    public int EmptyRows { get; private set; }

    /// <summary>Candidates of row r are [RowStart[r], RowStart[r+1]), in rank order.</summary>
    public ReadOnlySpan<int> RowStart => _rowStart.AsSpan(0, Rows + 1);

    /// <summary>Expert of each candidate.</summary>
    public ReadOnlySpan<int> Expert => _expert.AsSpan(0, CandidateCount);

    /// <summary>The selector's score for each candidate (the softmax probability, or USMoE's blended score).</summary>
    public ReadOnlySpan<T> RawGate => _rawGate.AsSpan(0, CandidateCount);

    /// <summary>Whether each candidate survived cross-slice dropout (all true without dropout).</summary>
    public ReadOnlySpan<bool> KeptByDropout => _keptByDropout.AsSpan(0, CandidateCount);

    /// <summary>Whether each candidate is computed (kept by dropout and within capacity).</summary>
    public ReadOnlySpan<bool> Active => _active.AsSpan(0, CandidateCount);

    /// <summary>Final gate of each candidate: RawGate / RowNorm[row], or RawGate when the row is not renormalised.</summary>
    public ReadOnlySpan<T> Gate => _gate.AsSpan(0, CandidateCount);

    /// <summary>Per row: the sum of RawGate over its dropout survivors when the row is renormalised, else 0.</summary>
    public ReadOnlySpan<T> RowNorm => _rowNorm.AsSpan(0, Rows);

    /// <summary>Active assignments of expert e are dispatch positions [ExpertOffsets[e], ExpertOffsets[e+1]).</summary>
    public ReadOnlySpan<int> ExpertOffsets => _expertOffsets.AsSpan(0, Experts + 1);

    /// <summary>Candidate index at each dispatch position.</summary>
    public ReadOnlySpan<int> SortedCandidate => _sortedCandidate.AsSpan(0, ActiveCount);

    /// <summary>Row of each dispatch position (what to gather).</summary>
    public ReadOnlySpan<int> SortedRow => _sortedRow.AsSpan(0, ActiveCount);

    /// <summary>Dispatch position of each candidate, or −1 when inactive.</summary>
    public ReadOnlySpan<int> CandidateToSorted => _candidateToSorted.AsSpan(0, CandidateCount);

    /// <summary>Assignments computed by each expert.</summary>
    public int[] Counts()
    {
        var counts = new int[Experts];
        for (int e = 0; e < Experts; e++)
        {
            counts[e] = _expertOffsets[e + 1] - _expertOffsets[e];
        }

        return counts;
    }

    /// <summary>Starts a plan: sizes the arrays for <paramref name="rows"/> rows and the given candidate counts per row.</summary>
    /// <param name="rows">R.</param>
    /// <param name="experts">E.</param>
    /// <param name="candidatesPerRow">How many candidates each row will get (fills <see cref="RowStart"/>).</param>
    internal void Begin(int rows, int experts, ReadOnlySpan<int> candidatesPerRow)
    {
        Grow(ref _rowStart, rows + 1);
        _rowStart[0] = 0;
        for (int r = 0; r < rows; r++)
        {
            _rowStart[r + 1] = _rowStart[r] + candidatesPerRow[r];
        }

        SizeCandidates(rows, experts);
    }

    /// <summary>Starts a plan in which every row gets <paramref name="candidatesPerRow"/> candidates (top-k).</summary>
    internal void BeginUniform(int rows, int experts, int candidatesPerRow)
    {
        Grow(ref _rowStart, rows + 1);
        for (int r = 0; r <= rows; r++)
        {
            _rowStart[r] = r * candidatesPerRow;
        }

        SizeCandidates(rows, experts);
    }

    /// <summary>Sizes the per-candidate arrays for the candidates <see cref="RowStart"/> holds and resets what the last plan did to them.</summary>
    private void SizeCandidates(int rows, int experts)
    {
        Rows = rows;
        Experts = experts;
        int c = _rowStart[rows];
        Grow(ref _expert, c);
        Grow(ref _rawGate, c);
        Grow(ref _keptByDropout, c);
        Grow(ref _active, c);
        Grow(ref _gate, c);
        Grow(ref _candidateToSorted, c);
        Grow(ref _sortedCandidate, c);
        Grow(ref _sortedRow, c);
        Grow(ref _rowNorm, rows);
        Grow(ref _expertOffsets, experts + 1);
        _keptByDropout.AsSpan(0, c).Fill(true);
        _active.AsSpan(0, c).Fill(true);
        DroppedByDropout = 0;
        DroppedByCapacity = 0;
    }

    /// <summary>Writable candidate arrays for selectors (fill each row's slots in rank order).</summary>
    internal Span<int> ExpertSlots => _expert.AsSpan(0, CandidateCount);

    internal Span<T> RawGateSlots => _rawGate.AsSpan(0, CandidateCount);

    internal Span<bool> DropoutSlots => _keptByDropout.AsSpan(0, CandidateCount);

    /// <summary>
    /// Cross-slice dropout: marks dropped candidates (<paramref name="keep"/>(candidate, row, rank) decides), keeps a
    /// row's rank-0 candidate when all of its candidates were dropped, and renormalises every row.
    /// </summary>
    internal void ApplyDropout(Func<int, int, int, bool> keep)
    {
        for (int r = 0; r < Rows; r++)
        {
            int s0 = _rowStart[r], s1 = _rowStart[r + 1];
            bool any = false;
            for (int i = s0; i < s1; i++)
            {
                _keptByDropout[i] = keep(i, r, i - s0);
                any |= _keptByDropout[i];
            }

            if (!any && s1 > s0)
            {
                _keptByDropout[s0] = true;
            }
        }

        for (int i = 0; i < CandidateCount; i++)
        {
            _active[i] = _keptByDropout[i];
            DroppedByDropout += _keptByDropout[i] ? 0 : 1;
        }
    }

    /// <summary>
    /// Sets the final gates: rows are renormalised over their dropout survivors when <paramref name="renormalize"/>
    /// (normalize_topk, or dropout happened); otherwise the gate is the raw score.
    /// </summary>
    internal void ComputeGates(bool renormalize)
    {
        for (int r = 0; r < Rows; r++)
        {
            int s0 = _rowStart[r], s1 = _rowStart[r + 1];
            T z = T.Zero;
            if (renormalize)
            {
                for (int i = s0; i < s1; i++)
                {
                    if (_keptByDropout[i])
                    {
                        z += _rawGate[i];
                    }
                }
            }

            _rowNorm[r] = z;
            for (int i = s0; i < s1; i++)
            {
                _gate[i] = renormalize ? _rawGate[i] / z : _rawGate[i];
            }
        }
    }

    /// <summary>[levels · E]: the active candidates of each rank level (0 = rows' first choices) per expert.</summary>
    internal void CountActiveByLevel(Span<int> counts, int levels)
    {
        counts.Clear();
        for (int r = 0; r < Rows; r++)
        {
            for (int i = _rowStart[r], level = 0; i < _rowStart[r + 1] && level < levels; i++, level++)
            {
                if (_active[i])
                {
                    counts[(level * Experts) + _expert[i]]++;
                }
            }
        }
    }

    /// <summary>
    /// Drops candidates beyond each expert's capacity, in priority order: lower rank first, then earlier rows
    /// (first choices beat second choices; among equals, earlier tokens win, as in Switch Transformer).
    /// <paramref name="allowance"/> [levels · E] says how many of this plan's active candidates at each level each expert
    /// keeps (<see cref="CapacityAllowance"/>): the first ones in row order.
    /// </summary>
    internal void ApplyCapacity(ReadOnlySpan<int> allowance)
    {
        Span<int> kept = allowance.Length <= 1024 ? stackalloc int[allowance.Length] : new int[allowance.Length];
        kept.Clear();
        for (int r = 0; r < Rows; r++)
        {
            for (int i = _rowStart[r], level = 0; i < _rowStart[r + 1]; i++, level++)
            {
                if (!_active[i])
                {
                    continue;
                }

                int slot = (level * Experts) + _expert[i]; // level < E: a row's candidates are distinct experts
                if (kept[slot] < allowance[slot])
                {
                    kept[slot]++;
                }
                else
                {
                    _active[i] = false;
                    DroppedByCapacity++;
                }
            }
        }
    }

    /// <summary>Counting sort of the active candidates by expert (histogram, prefix sums, stable placement in (row, rank) order).</summary>
    internal void BuildDispatch()
    {
        int c = CandidateCount;
        var offsets = _expertOffsets.AsSpan(0, Experts + 1);
        offsets.Clear();
        for (int i = 0; i < c; i++)
        {
            if (_active[i])
            {
                offsets[_expert[i] + 1]++;
            }
        }

        for (int e = 0; e < Experts; e++)
        {
            offsets[e + 1] += offsets[e];
        }

        ActiveCount = offsets[Experts];
        Span<int> next = Experts <= 256 ? stackalloc int[Experts] : new int[Experts];
        offsets[..Experts].CopyTo(next);
        EmptyRows = 0;
        for (int r = 0; r < Rows; r++)
        {
            bool any = false;
            for (int i = _rowStart[r]; i < _rowStart[r + 1]; i++)
            {
                if (!_active[i])
                {
                    _candidateToSorted[i] = -1;
                    continue;
                }

                int p = next[_expert[i]]++;
                _sortedCandidate[p] = i;
                _sortedRow[p] = r;
                _candidateToSorted[i] = p;
                any = true;
            }

            EmptyRows += any ? 0 : 1;
        }
    }

    private static void Grow<TItem>(ref TItem[] array, int length)
    {
        if (array.Length < length)
        {
            array = new TItem[Math.Max(length, array.Length * 2)];
        }
    }
}
