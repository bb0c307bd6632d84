using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server;

/// <summary>
/// What another session or the administrator can take away from this one: its account (<c>paloma user del</c>)
/// and its selected mailbox (DELETE elsewhere). Checked before each command, and at each sync, with one small
/// query each, so a session never keeps working on something that is gone.
/// </summary>
internal sealed partial class ImapSession
{
    private const string AccountDeletedText = "Account was deleted";

    /// <summary>The reason to end the session now, or null while its account and selected mailbox exist.</summary>
    private async Task<string?> GoneReasonAsync(CancellationToken ct)
    {
        if (User is { } user)
        {
            // The id as well as the address: an account deleted and added again is another account.
            var current = await Context.Accounts.FindUserAsync(user.Address, ct).ConfigureAwait(false);
            if (current is null || current.Id != user.Id)
            {
                return AccountDeletedText;
            }
        }

        if (Selected is { } selected)
        {
            var mailbox = await Store.GetMailboxByIdAsync(selected.Info.Id, ct).ConfigureAwait(false);
            if (!SelectedMailbox.IsSameMailbox(selected.Info, mailbox))
            {
                return SelectedMailbox.DeletedText;
            }
        }

        return null;
    }

    /// <summary>
    /// Ends the session after the current command: untagged BYE (RFC 3501 §7.1.5, the server is closing) and a
    /// tagged NO; the command loop then closes the connection as after LOGOUT.
    /// </summary>
    public ImapCompletion EndSession(string reason)
    {
        Writer.Untagged("BYE " + reason);
        Deselect();
        State = ImapState.Logout;
        _endReason = reason;
        // RFC 5530 §3: AUTHENTICATIONFAILED, the credentials that opened the session are no longer valid.
        return ImapCompletion.No(reason, reason == AccountDeletedText ? ImapResponseCode.AuthenticationFailed : null);
    }
}
