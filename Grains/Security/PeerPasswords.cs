using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OrleansP2P.Security;

/// <summary>
/// Salted, slow password hashes (ASP.NET Core Identity's PBKDF2 format). Only the hash is ever stored;
/// the password itself is never kept, logged or echoed.
/// </summary>
public sealed class PeerPasswords(int iterations = PeerPasswords.DefaultIterations)
{
    /// <summary>ASP.NET Core Identity's own default for PBKDF2-HMAC-SHA512.</summary>
    public const int DefaultIterations = 100_000;

    private readonly PasswordHasher<string> _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));

    public string Hash(string username, string password) => _hasher.HashPassword(username, password);

    public bool Verify(string username, string hash, string password) =>
        _hasher.VerifyHashedPassword(username, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}
