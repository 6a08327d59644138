using System.ComponentModel.DataAnnotations;

namespace OrleansP2P.WebPortal.Components.Account;

public sealed class SignUpForm
{
    [Required(ErrorMessage = "Enter your username.")]
    public string? Username { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }

    /// <summary>The peer's home host, fixed for good; empty lets the cluster choose.</summary>
    public string? Host { get; set; }
}
