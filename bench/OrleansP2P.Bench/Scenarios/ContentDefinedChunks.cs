namespace OrleansP2P.Bench.Scenarios;

/// <summary>
/// Item 13's yardstick for an insertion: what content-defined chunking (a gear rolling hash cutting where its top 20
/// bits are zero, so chunks of about 1 MiB, between 256 KiB and 4 MiB, as FastCDC does) would move, against the
/// product's fixed 1 MiB pieces. Bench-only: the product does not chunk this way.
/// </summary>
public static class ContentDefinedChunks
{
    private const int Min = 256 * 1024;
    private const int Max = 4 * 1024 * 1024;
    private const ulong Mask = 0xFFFFF00000000000;

    private static readonly ulong[] Gear = MakeGear();

    /// <summary>Bytes of <paramref name="next"/> in chunks whose content is no chunk of <paramref name="old"/>: what a holder of old would fetch.</summary>
    public static long NewBytes(byte[] old, byte[] next)
    {
        var known = Chunks(old).Select(c => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(old.AsSpan(c.Offset, c.Length)))).ToHashSet();
        return Chunks(next).Where(c => !known.Contains(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(next.AsSpan(c.Offset, c.Length))))).Sum(c => (long)c.Length);
    }

    private static List<(int Offset, int Length)> Chunks(byte[] data)
    {
        var chunks = new List<(int, int)>();
        var start = 0;
        while (start < data.Length)
        {
            var end = Math.Min(data.Length, start + Max);
            var cut = end;
            ulong hash = 0;
            for (var i = start + Math.Min(Min, end - start); i < end; i++)
            {
                hash = (hash << 1) + Gear[data[i]];
                if ((hash & Mask) == 0)
                {
                    cut = i + 1;
                    break;
                }
            }

            chunks.Add((start, cut - start));
            start = cut;
        }

        return chunks;
    }

    private static ulong[] MakeGear()
    {
        var random = new Random(1);
        var gear = new ulong[256];
        for (var i = 0; i < gear.Length; i++)
        {
            gear[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        }

        return gear;
    }
}
