using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansP2P.WebPortal.Api;

/// <summary>The API's JSON: camelCase, statuses as numbers.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Every error the API returns: <c>{"status":404,"error":"No peer has File9.txt"}</c>.</summary>
public sealed record ApiError(int Status, string Error);

public sealed record Credentials(string? Username, string? Password);
