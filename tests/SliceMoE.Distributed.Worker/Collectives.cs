using System.Globalization;
using SliceMoE.Distributed;

namespace SliceMoE.Tests.Distributed.Worker;

/// <summary>Every collective of <see cref="ICommunicator"/> with values each rank can predict; prints "ok NAME" or "FAIL NAME: ...".</summary>
internal static class Collectives
{
    public static void Run(ICommunicator c)
    {
        int r = c.Rank, n = c.Size;
        Check(c, "size", n >= 2, $"{n} ranks");

        var sum = new[] { r + 1.5f, 2f * r };
        c.AllReduce<float>(sum);
        float expected0 = Enumerable.Range(0, n).Sum(i => i + 1.5f), expected1 = Enumerable.Range(0, n).Sum(i => 2f * i);
        Check(c, "allreduce sum float", sum[0] == expected0 && sum[1] == expected1, $"{sum[0]} {sum[1]}");

        var max = new long[] { r * 10L };
        c.AllReduce<long>(max, ReduceOperation.Max);
        Check(c, "allreduce max long", max[0] == (n - 1) * 10L, max[0].ToString(CultureInfo.InvariantCulture));

        var big = Enumerable.Range(0, 100_000).Select(i => (float)((i % 7) + r)).ToArray();
        var pending = c.StartAllReduce(big);
        pending.Wait();
        Check(c, "iallreduce", big[3] == (n * 3) + Enumerable.Range(0, n).Sum(), big[3].ToString(CultureInfo.InvariantCulture));

        // All-to-all: rank r sends r*100 + j to rank j.
        var send = Enumerable.Range(0, n).Select(j => (r * 100) + j).ToArray();
        var receive = new int[n];
        c.AllToAll<int>(send, receive);
        Check(c, "alltoall", Enumerable.Range(0, n).All(j => receive[j] == (j * 100) + r), string.Join(',', receive));

        // All-to-all-v: rank r sends j + 1 copies of (r, j) to rank j, rank 0 also an empty block to itself when r = 0.
        var counts = Enumerable.Range(0, n).Select(j => (r == 0 && j == 0) ? 0 : j + 1).ToArray();
        var offsets = Offsets(counts);
        var payload = new double[counts.Sum()];
        for (int j = 0; j < n; j++)
        {
            payload.AsSpan(offsets[j], counts[j]).Fill((r * 1000) + j);
        }

        var incoming = Enumerable.Range(0, n).Select(j => (j == 0 && r == 0) ? 0 : r + 1).ToArray();
        var inOffsets = Offsets(incoming);
        var got = new double[incoming.Sum()];
        c.AllToAllV<double>(payload, counts, offsets, got, incoming, inOffsets);
        bool v = true;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < incoming[j]; i++)
            {
                v &= got[inOffsets[j] + i] == (j * 1000) + r;
            }
        }

        Check(c, "alltoallv", v, string.Join(',', got));

        var gathered = new int[n * 2];
        c.AllGather<int>(new[] { r, -r }, gathered);
        Check(c, "allgather", Enumerable.Range(0, n).All(j => gathered[2 * j] == j && gathered[(2 * j) + 1] == -j), string.Join(',', gathered));

        var gatherCounts = Enumerable.Range(0, n).Select(j => j).ToArray(); // rank 0 sends nothing
        var gatherOffsets = Offsets(gatherCounts);
        var all = new float[gatherCounts.Sum()];
        c.AllGatherV<float>(Enumerable.Repeat((float)r, r).ToArray(), all, gatherCounts, gatherOffsets);
        Check(c, "allgatherv", Enumerable.Range(0, n).All(j => all.AsSpan(gatherOffsets[j], j).ToArray().All(x => x == j)), string.Join(',', all));

        var bcast = new byte[] { (byte)(r + 7), 1 };
        c.Broadcast<byte>(bcast, root: n - 1);
        Check(c, "broadcast", bcast[0] == n - 1 + 7, bcast[0].ToString(CultureInfo.InvariantCulture));

        using var half = c.Split(color: r % 2, key: -r);
        var members = new int[half.Size];
        half.AllGather<int>(new[] { r }, members);
        Check(c, "split", members.All(m => m % 2 == r % 2) && members.SequenceEqual(members.OrderDescending()), string.Join(',', members));
        c.Barrier();
    }

    private static int[] Offsets(int[] counts)
    {
        var o = new int[counts.Length];
        for (int i = 1; i < counts.Length; i++)
        {
            o[i] = o[i - 1] + counts[i - 1];
        }

        return o;
    }

    private static void Check(ICommunicator c, string name, bool ok, string detail) =>
        Console.WriteLine(ok ? $"rank {c.Rank} ok {name}" : $"rank {c.Rank} FAIL {name}: {detail}");
}
