using System.Numerics;
using SliceMoE.IO.Safetensors;
using SliceMoE.Modules;
using SliceMoE.Tensors;

namespace SliceMoE.Kernels.Gemm;

/// <summary>How pre-packed inference weights are stored.</summary>
public enum WeightFormat
{
    /// <summary>float32: the same bits as the unpacked GEMM, without packing the weight on every call.</summary>
    Float32,

    /// <summary>bfloat16 (rounded to nearest, ties to even), widened to float32 in registers: half the bytes read, and the weights' rounding as its accuracy cost.</summary>
    BFloat16,
}

/// <summary>
/// Pre-packed copies of a model's weight matrices for inference. A forward GEMM with a weight W [out, in] (the
/// transposed-B form every layer uses) packs W into the micro-kernel's panels on every call; when one call has a
/// handful of rows, as a decoding step has, that packing reads and writes the whole weight once more than the
/// multiply itself. While <see cref="Activate"/> is in effect on a thread, every GEMM it starts whose B is one of these
/// weights reads the prepared panels instead: in <see cref="WeightFormat.Float32"/> with the same arithmetic in the
/// same order, so the same bits (one exception: a weight with K ≥ 4,096 read without an epilogue in a GEMM of few output
/// blocks, which the unpacked path splits over K and the packed one does not); in <see cref="WeightFormat.BFloat16"/> as the same GEMM on the weights rounded to
/// bfloat16. The packs are a snapshot taken by <see cref="Create{T}"/>: weights changed later (a training step, a
/// loaded checkpoint) are not seen, so make them again. Backward GEMMs read the weights untransposed and never
/// use the packs.
/// </summary>
public sealed unsafe class WeightPacks : IDisposable
{
    [ThreadStatic]
    private static WeightPacks? _current;

    private readonly Dictionary<nint, Entry> _entries = [];
    private readonly List<IDisposable> _buffers = [];

    private WeightPacks(WeightFormat format, int nr)
    {
        Format = format;
        PanelWidth = nr;
    }

    /// <summary>The storage format.</summary>
    public WeightFormat Format { get; }

    /// <summary>The number of packed matrices.</summary>
    public int Count => _entries.Count;

    /// <summary>Bytes the packs hold (beside the model's own weights).</summary>
    public long Bytes { get; private set; }

    /// <summary>Columns per packed panel: the micro-kernel's width on this machine (0 where no SIMD family runs: nothing is packed).</summary>
    public int PanelWidth { get; }

    /// <summary>The packs in effect on this thread, or null.</summary>
    public static WeightPacks? Current => _current;

    /// <summary>
    /// Packs every two-dimensional parameter of <paramref name="store"/> (each a weight [out, in] as layers use it) for the
    /// widest kernel family of this machine. Only float32 stores are packed; for other element types, and on machines
    /// without SIMD kernels, the packs are empty and change nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">When the store's values are not allocated yet.</exception>
    public static WeightPacks Create<T>(ParameterStore<T> store, WeightFormat format)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.IsAllocated)
        {
            throw new InvalidOperationException("The parameter store has no values yet: allocate or load them before packing weights.");
        }

        int nr = GemmDriver.PanelWidth(KernelFamilies.Best);
        var packs = new WeightPacks(format, nr);
        if (typeof(T) != typeof(float) || nr == 0)
        {
            return packs;
        }

        foreach (var parameter in store.Parameters)
        {
            if (parameter.Shape.Count == 2 && parameter.Length > 0)
            {
                packs.Add((float*)parameter.Value.Pointer, parameter.Shape[0], parameter.Shape[1]);
            }
        }

        return packs;
    }

    /// <summary>Makes these packs the ones GEMMs started on this thread use, until the returned scope is disposed (scopes nest).</summary>
    public Scope Activate() => new(this);

    /// <inheritdoc />
    public void Dispose()
    {
        if (ReferenceEquals(_current, this))
        {
            throw new InvalidOperationException("These weight packs are still active: dispose their Activate() scope first.");
        }

        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        _buffers.Clear();
        _entries.Clear();
        Bytes = 0;
    }

    /// <summary>The pack of <paramref name="p"/>'s B, when it is one of these weights read as W [N, K]ᵀ with panels of <paramref name="nr"/> columns.</summary>
    internal bool TryFind(in GemmProblem p, int nr, out Entry entry) =>
        _entries.TryGetValue((nint)p.B, out entry) && nr == PanelWidth && p.BRowStride == 1 && p.BColStride == entry.K && p.N == entry.N && p.K == entry.K;

    private void Add(float* weight, int n, int k)
    {
        int nr = PanelWidth;
        int panels = (n + nr - 1) / nr;
        long elements = (long)panels * nr * k;
        var problem = new GemmProblem { B = weight, BRowStride = 1, BColStride = k, N = n, K = k };
        var f32 = new AlignedBuffer<float>(elements);
        for (int q = 0; q < panels; q++)
        {
            int j0 = q * nr;
            GemmPacking.PackBPanel(problem, j0, Math.Min(nr, n - j0), 0, k, f32.Pointer + ((long)q * k * nr), nr);
        }

        void* data = f32.Pointer;
        if (Format == WeightFormat.BFloat16)
        {
            var bf16 = new AlignedBuffer<ushort>(elements);
            for (long i = 0; i < elements; i++)
            {
                bf16.Pointer[i] = ElementConversions.SingleToBFloat16(f32.Pointer[i]);
            }

            f32.Dispose();
            _buffers.Add(bf16);
            data = bf16.Pointer;
            Bytes += elements * sizeof(ushort);
        }
        else
        {
            _buffers.Add(f32);
            Bytes += elements * sizeof(float);
        }

        _entries[(nint)weight] = new Entry(data, n, k, Format == WeightFormat.BFloat16);
    }

    /// <summary>One packed weight: panels of all K rows, panel q at q·K·NR elements.</summary>
    internal readonly struct Entry(void* data, int n, int k, bool bFloat16)
    {
        public void* Data { get; } = data;

        public int N { get; } = n;

        public int K { get; } = k;

        public bool BFloat16 { get; } = bFloat16;
    }

    /// <summary>The packs in effect while this scope lives.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly WeightPacks? _previous;
        private readonly bool _active;

        internal Scope(WeightPacks packs)
        {
            _previous = _current;
            _current = packs;
            _active = true;
        }

        /// <summary>Restores the packs that were in effect before.</summary>
        public void Dispose()
        {
            if (_active)
            {
                _current = _previous;
            }
        }
    }
}
