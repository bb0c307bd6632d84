namespace Paloma.Imap.Server;

/// <summary>
/// What a session turned on (RFC 5161 ENABLE, or implicitly: RFC 7162 §3.1 "CONDSTORE enabling commands"); shared
/// by the session and its selected mailbox, which changes what it reports accordingly.
/// </summary>
internal sealed class EnabledExtensions
{
    /// <summary>MODSEQ in unsolicited FETCH responses (RFC 7162 §3.1.2).</summary>
    public bool CondStore { get; set; }

    /// <summary>VANISHED instead of EXPUNGE (RFC 7162 §3.2.10); implies CONDSTORE.</summary>
    public bool QResync { get; set; }

    /// <summary>UTF8=ACCEPT (RFC 6855 §3) or IMAP4rev2 (RFC 9051 §5.1): mailbox names are UTF-8 on the wire, and
    /// APPEND takes the UTF8 form.</summary>
    public bool Utf8Accept { get; set; }

    /// <summary>IMAP4rev2 (RFC 9051): no \Recent, no RECENT responses, UTF-8 names.</summary>
    public bool Rev2 { get; set; }
}
