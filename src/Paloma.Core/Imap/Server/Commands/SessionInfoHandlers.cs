using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>ENABLE (RFC 5161) and NAMESPACE (RFC 2342).</summary>
internal static class SessionInfoHandlers
{
    /// <summary>RFC 5161 §3.1: capabilities the server does not support are ignored; none of those Paloma offers
    /// now needs enabling, so the ENABLED list is always empty.</summary>
    public static Task<ImapCompletion> EnableAsync(ImapSession session, EnableCommand command)
    {
        session.Writer.Untagged("ENABLED");
        return Task.FromResult(ImapCompletion.Ok("ENABLE completed"));
    }

    /// <summary>RFC 2342 §5: one personal namespace with prefix "" and delimiter "/"; no shared or other users'.
    /// </summary>
    public static Task<ImapCompletion> NamespaceAsync(ImapSession session)
    {
        session.Writer.Untagged($"NAMESPACE ((\"\" \"{MailboxName.Delimiter}\")) NIL NIL");
        return Task.FromResult(ImapCompletion.Ok("NAMESPACE completed"));
    }
}
