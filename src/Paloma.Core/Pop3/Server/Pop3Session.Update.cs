using Paloma.Pop3.Protocol;

namespace Paloma.Pop3.Server;

/// <summary>QUIT, and the UPDATE state it leads to from TRANSACTION (RFC 1939 §6).</summary>
internal sealed partial class Pop3Session
{
    private async Task QuitAsync()
    {
        if (_state == Pop3State.Authorization)
        {
            // RFC 1939 §4: QUIT in AUTHORIZATION ends the session without UPDATE.
            await SendAsync(Pop3Responses.QuitAuthorization).ConfigureAwait(false);
            return;
        }

        _state = Pop3State.Update;
        var deleted = Maildrop.DeletedUids;
        if (deleted.Count > 0)
        {
            try
            {
                // Not cancellable: once UPDATE starts, the deletions are either committed or not at all.
                await context.Store.ExpungeAsync(Maildrop.MailboxId, deleted, onlyDeleted: false,
                    CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // RFC 1939 §6: "-ERR some deleted messages not removed", and the session still ends.
                Pop3Log.UpdateFailed(logger, e, SessionId, _user!);
                ReleaseMaildrop();
                await SendAsync(Pop3Responses.Error(Pop3Error.UpdateFailed)).ConfigureAwait(false);
                return;
            }
        }

        Pop3Log.Update(logger, SessionId, _user!, _retrieved, deleted.Count);
        ReleaseMaildrop();
        var left = Maildrop.Count - deleted.Count;
        await SendAsync(Pop3Responses.Ok($"Paloma POP3 server signing off ({left} messages left)"))
            .ConfigureAwait(false);
    }

    /// <summary>RFC 1939 §6 releases the lock once UPDATE is over. It is released before the reply, not after:
    /// a client that logs in again as soon as it reads the reply to QUIT must find the maildrop free.</summary>
    private void ReleaseMaildrop()
    {
        _lease?.Dispose();
        _lease = null;
    }
}
