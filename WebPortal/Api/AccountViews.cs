namespace OrleansP2P.WebPortal.Api;

/// <summary>The body of <c>POST /api/login</c> and <c>POST /api/signup</c> (which may name the new peer's home host).</summary>
public sealed record Credentials(string? Username, string? Password, string? Host = null);

/// <summary>A login: who is logged in, and the tracker table's version at that moment.</summary>
public sealed record LoginView(int Status, string Username, long TrackerVersion);

/// <summary>A new peer.</summary>
public sealed record SignUpView(int Status, string Username);

/// <summary>The end of a session.</summary>
public sealed record LogoutView(int Status);

/// <summary>A host: its name, <c>up</c> or <c>down</c>, its live silos and the peers it is home to.</summary>
public sealed record HostView(string Name, string State, int Silos, int Peers);
