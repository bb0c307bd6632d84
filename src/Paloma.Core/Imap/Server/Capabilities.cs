using Paloma.Hosting;

namespace Paloma.Imap.Server;

/// <summary>What the server advertises (RFC 3501 §6.1.1): only extensions that are implemented, and only the
/// authentication this connection allows.</summary>
internal static class Capabilities
{
    private const string Common =
        "IMAP4rev1 LITERAL+ IDLE UIDPLUS MOVE UNSELECT ID ENABLE NAMESPACE SPECIAL-USE"
        + " CONDSTORE"
        + " QRESYNC"
        + " ESEARCH"
        + " SEARCHRES"
        + " CHILDREN"
        + " LIST-EXTENDED"
        + " LIST-STATUS"
        + " CREATE-SPECIAL-USE"
        + " STATUS=SIZE"
        + " APPENDLIMIT"
        + " MULTIAPPEND"
        + " QUOTA"
        + " QUOTA=RES-STORAGE"
        + " SORT"
        + " SORT=DISPLAY"
        + " THREAD=ORDEREDSUBJECT"
        + " THREAD=REFERENCES"
        + " BINARY"
        + " UTF8=ACCEPT"
        + " COMPRESS=DEFLATE"
        + " IMAP4rev2";

    /// <summary>
    /// Before login: STARTTLS before TLS (RFC 3501 §6.2.1), LOGINDISABLED where a password may not be sent in the
    /// clear (RFC 3501 §6.2.3, RFC 2595 §3.2), SASL-IR (RFC 4959) and AUTH= for each mechanism usable now.
    /// RFC 3501 §7.2.1 lets the list change after TLS and after login.
    /// </summary>
    public static string For(ImapSession session)
    {
        if (session.State != ImapState.NotAuthenticated)
        {
            return Common;
        }

        var auth = session.Context.Auth;
        var parts = new List<string> { Common };
        if (!AuthServices.IsSecure(session.Connection) && auth.Tls is not null)
        {
            parts.Add("STARTTLS");
        }

        if (!auth.PlaintextAllowed(session.Connection))
        {
            parts.Add("LOGINDISABLED");
        }

        parts.Add("SASL-IR");
        parts.AddRange(auth.Mechanisms.Advertised(session.SaslContext).Select(m => "AUTH=" + m));
        return string.Join(' ', parts);
    }
}
