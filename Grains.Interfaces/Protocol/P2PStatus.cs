namespace OrleansP2P.Protocol;

/// <summary>
/// The status every reply of the protocol carries. The numbers are HTTP's, so the
/// web API can hand them through unchanged and a reader knows them at sight.
/// </summary>
public enum P2PStatus
{
    Ok = 200,
    Created = 201,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    Conflict = 409,
    PayloadTooLarge = 413,
    InsufficientStorage = 507,
    ServiceUnavailable = 503,
}
