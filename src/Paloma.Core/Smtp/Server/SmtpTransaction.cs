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

    /// <summary>The message data arriving in BDAT chunks (RFC 3030), from the first BDAT on; null until then.
    /// </summary>
    public IncomingMessage? Chunks { get; set; }

    /// <summary>A BDAT was refused: the transaction failed and every further chunk is read and refused until
    /// RSET (RFC 3030 §2).</summary>
    public bool ChunkingFailed { get; set; }
}

/// <summary>One accepted RCPT: the forward-path, what it resolved to, and its DSN parameters.</summary>
/// <param name="UserIds">Local users, delivered to directly.</param>
/// <param name="UserAddresses">Their addresses, in the same order.</param>
/// <param name="RemoteTargets">Addresses for the outbound queue (the forward-path itself when relayed).</param>
internal sealed record AcceptedRecipient(string ForwardPath, IReadOnlyList<long> UserIds,
    IReadOnlyList<string> UserAddresses, IReadOnlyList<string> RemoteTargets, DsnRecipient? Dsn);
