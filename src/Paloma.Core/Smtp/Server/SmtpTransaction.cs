using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The envelope of one mail transaction: reverse-path, parameters and accepted forward-paths.</summary>
internal sealed class SmtpTransaction(SmtpPath reversePath, MailParameters parameters)
{
    /// <summary>The reverse-path as it is recorded (masqueraded when [masquerade] envelope is set).</summary>
    public SmtpPath ReversePath { get; set; } = reversePath;

    public MailParameters Parameters { get; } = parameters;

    /// <summary>Accepted recipients in RCPT order, with the users each one is delivered to (several for an alias;
    /// none for a discarded recipient).</summary>
    public List<AcceptedRecipient> Recipients { get; } = [];

    /// <summary>RCPT commands tried, accepted or not; tells "no RCPT yet" (503) from "none valid" (554).</summary>
    public int RcptAttempts { get; set; }

    /// <summary>The message is accepted and then dropped: a DISCARD for the client or the sender.</summary>
    public bool Discard { get; set; }
}

/// <summary>One accepted RCPT: the forward-path, the local users it resolved to, and its DSN parameters.</summary>
internal sealed record AcceptedRecipient(string ForwardPath, IReadOnlyList<long> UserIds, DsnRecipient? Dsn);
