namespace Paloma.Smtp.Protocol;

/// <summary>The SMTP commands Paloma knows (RFC 5321 §4.1.1); <see cref="Unknown"/> for anything else.</summary>
public enum SmtpVerb
{
    Unknown,
    Ehlo,
    Helo,
    Mail,
    Rcpt,
    Data,
    Rset,
    Noop,
    Quit,
    Help,
    Vrfy,
    Expn,
    Bdat,
    StartTls,
    Auth,
}
