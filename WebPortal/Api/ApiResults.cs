using Microsoft.AspNetCore.Http.HttpResults;
using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>Turns protocol replies into typed HTTP results with the same status; errors always as <see cref="ApiProblem"/>.</summary>
internal static class ApiResults
{
    public static ProblemHttpResult Problem(int status, string error) => TypedResults.Problem(ApiProblem.Of(status, error));

    public static ProblemHttpResult Problem(IReply reply) => Problem((int)reply.Status, reply.Reason);

    /// <summary>A refused save; a stale edit's 409 also names the current version and who saved it.</summary>
    public static ProblemHttpResult Problem(SaveReply reply) =>
        TypedResults.Problem(new ApiProblem
        {
            Status = (int)reply.Status,
            Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)reply.Status),
            Type = $"https://httpstatuses.io/{(int)reply.Status}",
            Detail = reply.Reason,
            Error = reply.Reason,
            CurrentVersion = reply.CurrentVersion,
            SavedBy = reply.CurrentAuthor,
        });

    /// <summary>Writes a problem outside a handler (the cookie handler's 401 and 403).</summary>
    public static Task WriteProblemAsync(HttpContext http, int status, string error) =>
        Problem(status, error).ExecuteAsync(http);

    /// <summary>Documents the problems a route can answer with, so each has its schema in the OpenAPI document.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
        {
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiProblem), ["application/problem+json"]));
        }

        return builder;
    }
}
