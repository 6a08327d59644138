namespace OrleansP2P.Storage;

/// <summary>
/// FNV-1a over a string's characters: the same value in every process and version (string.GetHashCode is not),
/// so it can decide where a row is stored. Changing it would strand every stored row.
/// </summary>
internal static class Fnv1a
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
