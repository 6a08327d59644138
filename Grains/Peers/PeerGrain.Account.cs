using Microsoft.Extensions.Logging;
using OrleansP2P.Protocol;
using OrleansP2P.Security;

namespace OrleansP2P.Peers;

/// <summary>
/// The account: the credential and the sessions. Password hashing is slow on purpose, so it runs on the thread
/// pool, off this grain's turn: the peer keeps serving chunks meanwhile, and no other grain waits for it.
/// </summary>
public sealed partial class PeerGrain
{
    public async Task<SignUpReply> RegisterAsync(SignUpRequest request)
    {
        if (state.State.IsRegistered)
        {
            return new SignUpReply(P2PStatus.Conflict, $"The username '{Username}' is taken.", Username, null);
        }

        // An activation made before the home was fixed (an early call for a name not yet taken) may sit on another
        // host: it steps aside, and the tracker's retry lands on the home host.
        if (await homes.ReadAsync(this.GetGrainId()) is { } home && home != host.Name)
        {
            DeactivateOnIdle();
            return new SignUpReply(P2PStatus.ServiceUnavailable, $"{Username} belongs on host {home}, not {host.Name}; try again.", Username, null);
        }

        var path = folders.Resolve(Network, Username, request.Folder);
        var folderId = Guid.NewGuid().ToString("N");
        try
        {
            var folder = folders.Open(path);
            folder.EnsureCreated();
            folder.WriteMarker(folderId);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return new SignUpReply(P2PStatus.BadRequest, $"The folder {path} cannot be created: {exception.Message}", Username, null);
        }

        var hash = await Task.Run(() => passwords.Hash(Username, request.Password));
        if (state.State.IsRegistered)
        {
            // Another sign-up of the same name finished while this one hashed.
            return new SignUpReply(P2PStatus.Conflict, $"The username '{Username}' is taken.", Username, null);
        }

        state.State.PasswordHash = hash;
        state.State.Folder = path;
        state.State.FolderId = folderId;
        await _writer.WriteAsync();

        // Watched before the reply, so a file dropped into the new folder right after sign-up is noticed.
        await WatchFolderAsync();
        return new SignUpReply(P2PStatus.Created, $"Peer {Username} created.", Username, path);
    }

    public async Task<LoginReply> LogInAsync(LoginRequest request)
    {
        var password = request.Password ?? "";
        var hash = state.State.PasswordHash;
        var verified = await Task.Run(() => hash is null ? passwords.VerifyUnknown(password) : passwords.Verify(Username, hash, password));
        if (!verified)
        {
            logger.LogInformation("Login refused for {Username} in network {Network}: {Why}", LogText.Escape(Username), LogText.Escape(Network), hash is null ? "unknown user" : "wrong password");
            Metrics.LoginFailed();
            return new LoginReply(P2PStatus.Unauthorized, PeerLogin.InvalidCredentials, Username, null, 0);
        }

        var sessionId = PeerSessions.NewId();
        state.State.Sessions = PeerSessions.Open(state.State.Sessions, sessionId, DateTimeOffset.UtcNow);
        await _writer.WriteAsync();
        Metrics.LoginOk();
        return await JoinNetworkAsync(sessionId, "logged in");
    }

    public async Task<LoginReply> ResumeSessionAsync(string sessionId)
    {
        if (!state.State.IsRegistered || !PeerSessions.IsOpen(state.State.Sessions, sessionId))
        {
            return new LoginReply(P2PStatus.Unauthorized, "The session has ended; log in again.", Username, null, 0);
        }

        return await JoinNetworkAsync(sessionId, "reconnected");
    }

    public Task<bool> CheckSessionAsync(string sessionId)
    {
        var open = state.State.IsRegistered && PeerSessions.IsOpen(state.State.Sessions, sessionId);
        if (open)
        {
            SeenSignedIn(always: false);
        }

        return Task.FromResult(open);
    }

    public async Task<Reply> EndSessionAsync(string sessionId)
    {
        if (!PeerSessions.IsOpen(state.State.Sessions, sessionId))
        {
            return Reply.Fail(P2PStatus.NotFound, $"That session of {Username} is not open.");
        }

        state.State.Sessions = PeerSessions.Revoke(state.State.Sessions, sessionId);
        await _writer.WriteAsync();
        SeenSignedIn(always: true);
        if (state.State.Sessions.IsEmpty)
        {
            await GrainFactory.GetTracker(Network).RecordPresenceAsync(Username, online: false);
        }

        return Reply.Ok($"{Username} logged out.");
    }

    /// <summary>
    /// The login message: read the folder and announce every file (each change reaches every Tracker.txt before
    /// the rescan returns), then tell the tracker this peer is online, for its list of peers.
    /// </summary>
    private async Task<LoginReply> JoinNetworkAsync(string sessionId, string how)
    {
        var scan = await RescanAsync();
        var version = await GrainFactory.GetTracker(Network).RecordPresenceAsync(Username, online: true);
        SeenSignedIn(always: true);
        logger.LogInformation("Peer {Username} {How} to network {Network} with {Count} files", LogText.Escape(Username), how, LogText.Escape(Network), scan.Held.Length);
        return new LoginReply(P2PStatus.Ok, "OK", Username, sessionId, version);
    }

    /// <summary>A peer saved before sessions were kept one per login had one session id: it stays valid, as one session.</summary>
    private async Task MoveLegacySessionAsync()
    {
        if (state.State.SessionId is { } legacy)
        {
            state.State.Sessions = PeerSessions.Open(state.State.Sessions, legacy, DateTimeOffset.UtcNow);
            state.State.SessionId = null;
            await _writer.WriteAsync();
        }
    }
}
