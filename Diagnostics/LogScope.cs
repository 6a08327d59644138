using System.Collections;

namespace OrleansP2P.Diagnostics;

/// <summary>
/// A log scope of named, already escaped values (<c>Host</c>, <c>Network</c>, <c>Peer</c>, <c>FileKey</c>): a
/// JSON console log writes each as a field, a plain one writes <c>Host=a Network=main Peer=user3</c>.
/// </summary>
public sealed class LogScope(params KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"));
}
