using Paloma.Pop3.Protocol;

namespace Paloma.Pop3.Server;

/// <summary>The AUTHORIZATION state: USER and PASS (RFC 1939 §7), locking and snapshotting the maildrop.</summary>
internal sealed partial class Pop3Session
{
    private string? _pendingUser;
    private string? _user;
    private IDisposable? _lease;
    private Maildrop? _maildrop;

    private Maildrop Maildrop => _maildrop ?? throw new InvalidOperationException("not in TRANSACTION state");

    private async Task UserAsync(string name)
    {
        RequirePlaintextAllowed();

        // RFC 1939 §7 USER: +OK does not reveal whether the mailbox exists; PASS decides.
        _pendingUser = name;
        await SendAsync(Pop3Responses.UserAccepted).ConfigureAwait(false);
    }

    /// <returns>True when the session must end (too many failures).</returns>
    private async Task<bool> PassAsync(string password)
    {
        RequirePlaintextAllowed();
        var name = _pendingUser;
        if (name is null)
        {
            Pop3ProtocolException.Throw(Pop3Error.UserFirst);
        }

        // RFC 1939 §7 PASS: after -ERR the client starts again with USER.
        _pendingUser = null;
        if (await RefusedByThrottleAsync().ConfigureAwait(false))
        {
            return true;
        }

        var account = await context.Accounts.AuthenticateAsync(name, password, connection.Aborted)
            .ConfigureAwait(false);
        if (account is null)
        {
            Pop3Log.Authentication(logger, SessionId, name, "failed");
            await context.Auth.RecordFailureAsync(connection, protocol, "USER/PASS", "wrong user name or password")
                .ConfigureAwait(false);
            Pop3ProtocolException.Throw(Pop3Error.AuthenticationFailed);
        }

        await OpenMaildropAsync(account).ConfigureAwait(false);
        return false;
    }

    /// <summary>RFC 1939 §7 and RFC 5034 §4: once authenticated, lock and snapshot the maildrop, then +OK.
    /// </summary>
    private async Task OpenMaildropAsync(Accounts.Account account)
    {
        // RFC 1939 §8 and RFC 2449 §8.1.2: a maildrop in use by another session is refused with [IN-USE].
        var lease = locks.TryAcquire(account.Id);
        if (lease is null)
        {
            Pop3Log.MaildropLocked(logger, SessionId, account.Address);
            Pop3ProtocolException.Throw(Pop3Error.MaildropLocked);
        }

        try
        {
            var inbox = await context.Store.GetMailboxAsync(account.Id, "INBOX", connection.Aborted)
                .ConfigureAwait(false);
            if (inbox is null)
            {
                Pop3ProtocolException.Throw(Pop3Error.MaildropUnavailable);
            }

            var messages = await context.Store.GetMessagesAsync(inbox.Id, connection.Aborted).ConfigureAwait(false);
            _maildrop = new Maildrop(inbox, messages);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        _lease = lease;
        _user = account.Address;
        _state = Pop3State.Transaction;
        Pop3Log.Authentication(logger, SessionId, account.Address, "ok");
        await SendAsync(Pop3Responses.MaildropReady).ConfigureAwait(false);
    }
}
