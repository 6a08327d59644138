using OrleansP2P.Protocol;

namespace OrleansP2P.WebPortal.Api;

/// <summary>Turns protocol replies into HTTP responses with the same status; errors always as <see cref="ApiError"/>.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string error) => Results.Json(new ApiError(status, error), ApiJson.Options, statusCode: status);

    public static IResult Error(IReply reply) => Error((int)reply.Status, reply.Reason);

    /// <summary>The reply's body on success (with its status), the error shape otherwise.</summary>
    public static IResult From<T>(T reply, Func<T, object> body)
        where T : IReply =>
        reply.IsSuccess() ? Results.Json(body(reply), ApiJson.Options, statusCode: (int)reply.Status) : Error(reply);
}
