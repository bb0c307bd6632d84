using Paloma.Accounts;
using Paloma.Hosting;
using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>LOGIN (RFC 3501 §6.2.3), and the common end of every successful authentication.</summary>
internal static class LoginHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, LoginCommand command,
        CancellationToken ct)
    {
        var auth = session.Context.Auth;

        // RFC 3501 §6.2.3 and RFC 2595 §3.2: with LOGINDISABLED advertised, LOGIN is refused before TLS.
        if (!auth.PlaintextAllowed(session.Connection))
        {
            AuthLog.PlaintextRefused(auth.Logger, session.SessionId, session.Protocol);
            return ImapCompletion.No("LOGIN requires TLS; use STARTTLS", ImapResponseCode.PrivacyRequired);
        }

        if (auth.Throttle.Check(session.Connection.RemoteEndPoint.Address).Refuse)
        {
            return Refuse(session);
        }

        var (user, password) = (command.UserName, command.Password);
        var account = user.Length == 0 || password.Length == 0
            ? null
            : await session.Context.Accounts.AuthenticateAsync(user, password, ct).ConfigureAwait(false);
        if (account is null)
        {
            ImapLog.LoginFailed(session.Logger, session.SessionId, user, session.RemoteIp, "LOGIN");
            await auth.RecordFailureAsync(session.Connection, session.Protocol, "LOGIN", "wrong user name or password")
                .ConfigureAwait(false);
            return ImapCompletion.No("invalid user name or password", ImapResponseCode.AuthenticationFailed);
        }

        return await CompleteAsync(session, account, "LOGIN", ct).ConfigureAwait(false);
    }

    /// <summary>Enters the authenticated state; the OK carries the new capability list (RFC 3501 §7.2.1).</summary>
    public static async Task<ImapCompletion> CompleteAsync(ImapSession session, Account account, string mechanism,
        CancellationToken ct)
    {
        session.Authenticated(account);
        await session.Store.EnsureDefaultMailboxesAsync(account.Id, ct).ConfigureAwait(false);
        ImapLog.LoginSucceeded(session.Logger, session.SessionId, account.Address, session.RemoteIp, mechanism);
        return ImapCompletion.Ok("logged in",
            $"{ImapResponseCode.Capability} {Capabilities.For(session)}");
    }

    /// <summary>Too many failures from this address: BYE and close (PRODUCT D).</summary>
    public static ImapCompletion Refuse(ImapSession session)
    {
        AuthLog.Refused(session.Context.Auth.Logger, session.SessionId, session.Connection.RemoteEndPoint.Address,
            session.Context.Auth.Throttle.Check(session.Connection.RemoteEndPoint.Address).Failures);
        session.Writer.Untagged("BYE too many authentication failures");
        session.State = ImapState.Logout;
        return ImapCompletion.No("too many authentication failures", ImapResponseCode.AuthenticationFailed);
    }
}
