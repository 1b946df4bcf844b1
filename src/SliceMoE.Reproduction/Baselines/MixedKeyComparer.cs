namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Equality for packed 64-bit keys with a well-mixed hash (the splitmix64 finaliser). The default
/// <see cref="long.GetHashCode"/> is low ^ high 32 bits, which for keys packed as (a &lt;&lt; 32) | b with small a and b
/// leaves only a few thousand distinct hash codes, and dictionary lookups degrade to long chain walks.
/// </summary>
internal sealed class MixedKeyComparer : IEqualityComparer<long>
{
    public static MixedKeyComparer Instance { get; } = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj)
    {
        ulong z = (ulong)obj;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }
}
