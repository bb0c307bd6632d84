namespace Paloma.Smtp.Server;

/// <summary>Which SMTP service a listener offers.</summary>
public enum SmtpListenerKind
{
    /// <summary>Mail transfer (RFC 5321), port 25: AUTH optional.</summary>
    Mta,

    /// <summary>Message submission with STARTTLS (RFC 6409), port 587: AUTH required before MAIL.</summary>
    Submission,

    /// <summary>Message submission over implicit TLS (RFC 8314 §3.3), port 465.</summary>
    Submissions,
}
