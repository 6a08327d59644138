namespace OrleansP2P.WebPortal.Components.Account;

/// <summary>The login fields, and the new peer's home host, fixed for good (empty lets the cluster choose).</summary>
public sealed class SignUpForm : LoginForm
{
    public string? Host { get; set; }
}
