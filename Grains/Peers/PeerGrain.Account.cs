using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Storage;
using OrleansP2P.TrackerText;

namespace OrleansP2P.Peers;

/// <summary>The account: what the tracker sets up at sign-up and login.</summary>
public sealed partial class PeerGrain
{
    public async Task<SignUpReply> RegisterAsync(SignUpRequest request)
    {
        if (state.State.IsRegistered)
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{Username}' is taken.", Username, null);
        }

        var path = folders.Resolve(Network, Username, request.Folder);
        try
        {
            folders.Open(path).EnsureCreated();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new SignUpReply(P2PStatus.BadRequest, $"The folder {path} cannot be created: {exception.Message}", Username, null);
        }

        state.State.PasswordHash = passwords.Hash(Username, request.Password);
        state.State.Folder = path;
        await _writer.WriteAsync();
        return new SignUpReply(P2PStatus.Created, $"Peer {Username} created.", Username, path);
    }

    public Task<bool> VerifyPasswordAsync(string password) =>
        Task.FromResult(state.State.PasswordHash is { } hash && passwords.Verify(Username, hash, password));

    public async Task<RescanReply> StartSessionAsync(string sessionId)
    {
        state.State.SessionId = sessionId;
        await _writer.WriteAsync();
        return await RescanAsync();
    }

    public async Task EndSessionAsync()
    {
        state.State.SessionId = null;
        await _writer.WriteAsync();
    }
}
