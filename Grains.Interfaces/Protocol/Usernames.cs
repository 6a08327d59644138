using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace OrleansP2P.Protocol;

/// <summary>Which names a peer (and a network) may have: they become folder names and grain keys.</summary>
public static partial class Usernames
{
    public const int MaxLength = 32;

    public static bool TryValidate(string? username, [NotNullWhen(false)] out string? error)
    {
        error = username switch
        {
            null or "" => "The username is empty.",
            { Length: > MaxLength } => $"The username is longer than {MaxLength} characters.",
            _ when !Pattern().IsMatch(username) => "The username may use only letters a-z, A-Z, digits, '_' and '-', and must start with a letter or digit.",
            _ => null,
        };
        return error is null;
    }

    public static bool IsValid(string? username) => TryValidate(username, out _);

    /// <summary>
    /// The rule for a new peer: a valid username in lowercase. <c>user1</c> and <c>USER1</c> must not become two
    /// peers, whose folders would be one folder on a case-insensitive file system; so a new name has one spelling.
    /// (Existing peers keep the name they have; logging in as <c>USER1</c> is not logging in as <c>user1</c>.)
    /// </summary>
    public static bool TryValidateNew(string? username, [NotNullWhen(false)] out string? error)
    {
        if (!TryValidate(username, out error))
        {
            return false;
        }

        if (username!.Any(char.IsUpper))
        {
            error = $"The username must be lowercase ('{username!.ToLowerInvariant()}'): names that differ only in case would be one folder on case-insensitive file systems.";
            return false;
        }

        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
