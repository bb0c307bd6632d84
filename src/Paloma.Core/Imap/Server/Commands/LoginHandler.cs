using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>LOGIN (RFC 3501 §6.2.3), and the common end of every successful or failed authentication.</summary>
internal static class LoginHandler
{
    public static Task<ImapCompletion> RunAsync(ImapSession session, LoginCommand command, CancellationToken ct) =>
        VerifyAsync(session, command.UserName, command.Password, "LOGIN", ct);

    public static async Task<ImapCompletion> VerifyAsync(ImapSession session, string user, string password,
        string mechanism, CancellationToken ct)
    {
        var account = user.Length == 0 || password.Length == 0
            ? null
            : await session.Context.Accounts.AuthenticateAsync(user, password, ct).ConfigureAwait(false);
        if (account is null)
        {
            ImapLog.LoginFailed(session.Logger, session.SessionId, user, session.RemoteIp, mechanism);
            return ImapCompletion.No("invalid user name or password", ImapResponseCode.AuthenticationFailed);
        }

        session.Authenticated(account);
        await session.Store.EnsureDefaultMailboxesAsync(account.Id, ct).ConfigureAwait(false);
        ImapLog.LoginSucceeded(session.Logger, session.SessionId, account.Address, session.RemoteIp, mechanism);
        return ImapCompletion.Ok("logged in",
            $"{ImapResponseCode.Capability} {Capabilities.For(session.State)}");
    }
}
