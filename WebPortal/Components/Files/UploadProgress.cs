using System.Globalization;

namespace OrleansP2P.WebPortal.Components.Files;

/// <summary>
/// Where an upload of one or more files stands, as the bar and its text both show it: the file under way (and
/// which of how many), its percentage (the bar's value is the same whole number) and the speed so far.
/// </summary>
public sealed record UploadProgress(string Name, int Index, int Count, long Sent, long Total, TimeSpan Elapsed)
{
    /// <summary>Whole percent, never ahead of the bytes: 99 until the last byte is sent.</summary>
    public int Percent => Total <= 0 ? 100 : (int)Math.Floor(Sent * 100.0 / Total);

    /// <summary>Bytes per second so far; null in the first instant, before there is anything to divide.</summary>
    public double? BytesPerSecond => Elapsed > TimeSpan.Zero && Sent > 0 ? Sent / Elapsed.TotalSeconds : null;

    /// <summary>"Uploading Notes.txt (2 of 3) · 42% · 1.2 MiB/s".</summary>
    public string Text
    {
        get
        {
            var which = Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({Index} of {Count})") : "";
            var speed = BytesPerSecond is { } rate ? $" · {ByteSize.Format((long)rate)}/s" : "";
            return string.Create(CultureInfo.InvariantCulture, $"Uploading {Name}{which} · {Percent}%{speed}");
        }
    }
}
