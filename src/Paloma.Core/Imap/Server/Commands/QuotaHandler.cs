using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208). Each user has one quota root, "" (the whole account), with one
/// resource, STORAGE, counted in units of 1024 octets (§5.1). Limits are set by the administrator, so SETQUOTA is
/// refused (§4.1 allows that).
/// </summary>
internal static class QuotaHandler
{
    private const string Root = "";

    public static async Task<ImapCompletion> RunAsync(ImapSession session, QuotaCommand command,
        CancellationToken ct)
    {
        // RFC 9208 §5: a quota-list names at least one resource, so an account without a limit has no quota
        // root at all: GETQUOTAROOT lists none, GETQUOTA "" is NO.
        var quota = await session.Store.GetQuotaAsync(session.User!.Id, ct).ConfigureAwait(false);
        if (command.Name == "GETQUOTAROOT")
        {
            var mailbox = await MailboxArgument.FindAsync(session, command.Argument, ImapResponseCode.NonExistent, ct)
                .ConfigureAwait(false);
            session.Writer.Raw("* QUOTAROOT ").String(session.EncodeName(mailbox.Name));
            if (quota.LimitBytes is null)
            {
                session.Writer.Line();
                return ImapCompletion.Ok($"{command.Name} completed");
            }

            session.Writer.Raw(" ").String(Root).Line();
        }
        else if (command.Argument.Length != 0 || quota.LimitBytes is null)
        {
            return ImapCompletion.No(quota.LimitBytes is null
                ? "no quota root: this account has no storage limit"
                : "no such quota root; the only one is \"\"", ImapResponseCode.NonExistent);
        }

        // RFC 9208 §5.1: STORAGE is in units of 1024 octets, both figures rounded up, so a non-empty account never
        // shows 0 and an account under its limit never shows more used than allowed.
        session.Writer.Raw("* QUOTA ").String(Root).Raw(" (STORAGE ").Number((quota.UsedBytes + 1023) / 1024)
            .Raw(" ").Number((quota.LimitBytes!.Value + 1023) / 1024).Raw(")").Line();
        return ImapCompletion.Ok($"{command.Name} completed");
    }

    public static Task<ImapCompletion> SetAsync(ImapSession session, SetQuotaCommand command,
        CancellationToken ct) =>
        Task.FromResult(ImapCompletion.No("quotas are set by the administrator", ImapResponseCode.NoPerm));
}
