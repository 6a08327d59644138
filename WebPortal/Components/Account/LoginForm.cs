using System.ComponentModel.DataAnnotations;

namespace OrleansP2P.WebPortal.Components.Account;

public class LoginForm
{
    [Required(ErrorMessage = "Enter your username.")]
    public string? Username { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    public string? Password { get; set; }
}
