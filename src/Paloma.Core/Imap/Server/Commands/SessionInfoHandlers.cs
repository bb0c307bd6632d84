using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>ENABLE (RFC 5161) and NAMESPACE (RFC 2342).</summary>
internal static class SessionInfoHandlers
{
    /// <summary>RFC 5161 §3.1: capabilities the server does not support, or that need no enabling, are ignored;
    /// ENABLED lists only those this command turned on. QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).</summary>
    public static Task<ImapCompletion> EnableAsync(ImapSession session, EnableCommand command)
    {
        var enabled = new List<string>();
        foreach (var capability in command.Capabilities.Select(c => c.ToUpperInvariant()).Distinct())
        {
            switch (capability)
            {
                case "CONDSTORE" when !session.Enabled.CondStore:
                    session.Enabled.CondStore = true;
                    enabled.Add(capability);
                    break;
                case "QRESYNC" when !session.Enabled.QResync:
                    session.Enabled.QResync = true;
                    session.Enabled.CondStore = true;
                    enabled.Add(capability);
                    break;
                case "UTF8=ACCEPT" when !session.Enabled.Utf8Accept:
                    session.Enabled.Utf8Accept = true;
                    enabled.Add(capability);
                    break;
                case "IMAP4REV2" when !session.Enabled.Rev2:
                    // RFC 9051 §6.3.1: the rev2 rules from here on; its names are UTF-8 (§5.1).
                    session.Enabled.Rev2 = true;
                    session.Enabled.Utf8Accept = true;
                    enabled.Add("IMAP4rev2");
                    break;
            }
        }

        session.Writer.Untagged(enabled.Count == 0 ? "ENABLED" : "ENABLED " + string.Join(' ', enabled));
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
