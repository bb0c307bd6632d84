using System.Text;
using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server;

/// <summary>Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3) until the session enables UTF8=ACCEPT
/// (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1), UTF-8 after.</summary>
internal sealed partial class ImapSession
{
    public string EncodeName(string name) => MailboxName.Encode(name, Enabled.Utf8Accept);

    /// <summary>A reference or pattern as text to match against encoded names.</summary>
    public string WireText(byte[] octets) =>
        Enabled.Utf8Accept ? Encoding.UTF8.GetString(octets) : Encoding.Latin1.GetString(octets);
}
