namespace SliceMoE.Numerics;

/// <summary>
/// A small, fast, serialisable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
/// Unlike <see cref="Random"/>, its whole state can be saved in a checkpoint and restored, which is what
/// makes a resumed training run bit-identical to an uninterrupted one. Not thread-safe: give every
/// consumer its own stream with <see cref="Fork"/>.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpareGaussian;

    /// <summary>Creates a generator whose sequence depends only on <paramref name="seed"/>.</summary>
    public Rng(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A new generator for an independent stream, derived from this one's seed material and <paramref name="stream"/>; does not advance this generator.</summary>
    public Rng Fork(ulong stream)
    {
        ulong x = _s0 ^ (_s1 * 0x9E3779B97F4A7C15UL) ^ (stream * 0xD1B54A32D192ED03UL) ^ _s3;
        return new Rng(SplitMix64(ref x));
    }

    /// <summary>The complete state (4 words of xoshiro state, then the cached Gaussian's bits and flag).</summary>
    public ulong[] GetState() =>
        [_s0, _s1, _s2, _s3, BitConverter.DoubleToUInt64Bits(_spareGaussian), _hasSpareGaussian ? 1UL : 0UL];

    /// <summary>Restores a state captured with <see cref="GetState"/>.</summary>
    /// <exception cref="ArgumentException">When the state is not 6 words or is all zero.</exception>
    public void SetState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 6 || (state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("An Rng state is 6 words, not all of the first four zero.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
        _spareGaussian = BitConverter.UInt64BitsToDouble(state[4]);
        _hasSpareGaussian = state[5] != 0;
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxExclusive"/> is not positive.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 m = (UInt128)r * bound;
            if ((ulong)m >= threshold)
            {
                return (int)(ulong)(m >> 64);
            }
        }
    }

    /// <summary>A standard normal sample (Box-Muller; the second value of each pair is cached).</summary>
    public double NextGaussian()
    {
        if (_hasSpareGaussian)
        {
            _hasSpareGaussian = false;
            return _spareGaussian;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareGaussian = radius * Math.Sin(angle);
        _hasSpareGaussian = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
