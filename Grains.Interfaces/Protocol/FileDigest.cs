using System.Security.Cryptography;

namespace OrleansP2P.Protocol;

/// <summary>A file's content digest as the protocol writes it: SHA-256 in lowercase hex.</summary>
public static class FileDigest
{
    public static string Compute(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
