namespace OrleansP2P.WebPortal.Components.Bulk;

/// <summary>The rows a person ticked in one table, by file key: a refresh that renders the rows anew keeps them.</summary>
public sealed class Selection
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public bool Contains(string key) => _keys.Contains(key);

    public void Set(string key, bool selected)
    {
        if (selected)
        {
            _keys.Add(key);
        }
        else
        {
            _keys.Remove(key);
        }
    }

    /// <summary>The selected items among <paramref name="items"/> (a ticked row that has left the table is not acted on).</summary>
    public List<T> Of<T>(IEnumerable<T> items, Func<T, string> key) => [.. items.Where(i => _keys.Contains(key(i)))];

    public void Clear() => _keys.Clear();
}
