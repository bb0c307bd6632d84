namespace Paloma.Imap.Server;

/// <summary>What the server advertises (RFC 3501 §6.1.1): only extensions that are implemented.</summary>
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

    /// <summary>Before login the mechanisms are offered; RFC 3501 §7.2.1 lets the list change after it.</summary>
    public static string For(ImapState state) =>
        state == ImapState.NotAuthenticated ? Common + " SASL-IR AUTH=PLAIN" : Common;
}
