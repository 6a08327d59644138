using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OrleansP2P.Security;

/// <summary>
/// Salted, slow password hashes (ASP.NET Core Identity's PBKDF2 format). Only the hash is ever stored;
/// the password itself is never kept, logged or echoed.
/// </summary>
public sealed class PeerPasswords
{
    /// <summary>ASP.NET Core Identity's own default for PBKDF2-HMAC-SHA512.</summary>
    public const int DefaultIterations = 100_000;

    private readonly PasswordHasher<string> _hasher;

    /// <summary>A hash of a random secret, checked when the username is unknown.</summary>
    private readonly Lazy<string> _decoy;

    public PeerPasswords(int iterations = DefaultIterations)
    {
        _hasher = new(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        _decoy = new(() => Hash("", Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    }

    public string Hash(string username, string password) => _hasher.HashPassword(username, password);

    public bool Verify(string username, string hash, string password) =>
        _hasher.VerifyHashedPassword(username, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>
    /// Spends the same work as <see cref="Verify"/> and fails: a login for a username that does not exist
    /// must not answer faster than one with a wrong password, or the reply time tells which names exist.
    /// </summary>
    public bool VerifyUnknown(string password)
    {
        _ = _hasher.VerifyHashedPassword("", _decoy.Value, password);
        return false;
    }
}
