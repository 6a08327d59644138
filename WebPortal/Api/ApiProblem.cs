using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace OrleansP2P.WebPortal.Api;

/// <summary>
/// Every error the API returns: an RFC 9457 problem (<c>application/problem+json</c>) that also carries the
/// reason as <c>error</c>, the field scripts written against earlier versions read:
/// <c>{"type":"…","title":"Not Found","status":404,"detail":"No peer has File9.txt","error":"No peer has File9.txt"}</c>.
/// </summary>
public sealed class ApiProblem : ProblemDetails
{
    [JsonPropertyName("error")]
    [JsonPropertyOrder(10)]
    public required string Error { get; init; }

    /// <summary>On an edit that lost a race (409): the version that is current now.</summary>
    [JsonPropertyName("currentVersion")]
    [JsonPropertyOrder(11)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? CurrentVersion { get; init; }

    /// <summary>On an edit that lost a race (409): who saved <see cref="CurrentVersion"/>.</summary>
    [JsonPropertyName("savedBy")]
    [JsonPropertyOrder(12)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SavedBy { get; init; }

    public static ApiProblem Of(int status, string error) => new()
    {
        Status = status,
        Title = ReasonPhrases.GetReasonPhrase(status),
        Type = $"https://httpstatuses.io/{status}",
        Detail = error,
        Error = error,
    };
}
