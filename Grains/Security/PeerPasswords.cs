using Microsoft.AspNetCore.Identity;

namespace OrleansP2P.Security;

/// <summary>
/// Salted, slow password hashes (ASP.NET Core Identity's PBKDF2 format). Only the hash is ever stored;
/// the password itself is never kept, logged or echoed.
/// </summary>
public sealed class PeerPasswords
{
    private readonly PasswordHasher<string> _hasher = new();

    public string Hash(string username, string password) => _hasher.HashPassword(username, password);

    public bool Verify(string username, string hash, string password) =>
        _hasher.VerifyHashedPassword(username, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}
