namespace OrleansP2P.WebPortal.Api;

/// <summary>The body of <c>POST /api/login</c> and <c>POST /api/signup</c>.</summary>
public sealed record Credentials(string? Username, string? Password);

/// <summary>A login: who is logged in, and the tracker table's version at that moment.</summary>
public sealed record LoginView(int Status, string Username, long TrackerVersion);

/// <summary>A new peer.</summary>
public sealed record SignUpView(int Status, string Username);

/// <summary>The end of a session.</summary>
public sealed record LogoutView(int Status);
