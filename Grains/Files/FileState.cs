using OrleansP2P.Protocol;

namespace OrleansP2P.Files;

[GenerateSerializer, Alias("OrleansP2P.FileState")]
public sealed class FileState
{
    /// <summary>Null until some peer announces the file.</summary>
    [Id(0)] public FileLocation? Location { get; set; }
}
