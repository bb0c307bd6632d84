namespace Paloma.Smtp.Server;

/// <summary>Where an SMTP session is (RFC 5321 §3.3, §4.1.4).</summary>
public enum SmtpState
{
    /// <summary>Greeting sent; no EHLO/HELO yet.</summary>
    Connected,

    /// <summary>EHLO/HELO done; no transaction open.</summary>
    Greeted,

    /// <summary>MAIL accepted; no recipient accepted yet.</summary>
    InTransaction,

    /// <summary>At least one RCPT accepted; DATA may follow.</summary>
    HasRecipients,

    /// <summary>The client was refused at connection (access map Connect:, RFC 5321 §3.1 554 greeting): only
    /// QUIT is accepted.</summary>
    Refused,
}
