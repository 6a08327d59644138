using System.Globalization;

namespace OrleansP2P.Protocol;

/// <summary>Part <see cref="Index"/> of <see cref="Count"/> (both 1-based), written "i/n" in Tracker.txt.</summary>
[GenerateSerializer, Immutable, Alias("OrleansP2P.PartSpec")]
public sealed record PartSpec([property: Id(0)] int Index, [property: Id(1)] int Count)
{
    public const int MaxCount = 1024;

    public bool IsValid => Count is >= 1 and <= MaxCount && Index >= 1 && Index <= Count;

    /// <summary>
    /// The byte range this part covers in a file of <paramref name="size"/> bytes: the file is cut
    /// into <see cref="Count"/> nearly equal pieces, so any holder can recompute its range after an update.
    /// </summary>
    public (long Offset, long Length) RangeIn(long size)
    {
        var start = size * (Index - 1) / Count;
        var end = size * Index / Count;
        return (start, end - start);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
