namespace OrleansP2P.Protocol;

/// <summary>What every reply of the protocol has: a status and a reason a person can read.</summary>
public interface IReply
{
    P2PStatus Status { get; }

    string Reason { get; }
}

public static class ReplyExtensions
{
    public static bool IsSuccess(this IReply reply) => (int)reply.Status is >= 200 and < 300;
}
