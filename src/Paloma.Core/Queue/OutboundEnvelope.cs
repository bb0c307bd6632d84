namespace Paloma.Queue;

/// <summary>
/// What MAIL FROM and RCPT TO said about a message, DSN parameters included (RFC 3461), so that the relay leg
/// passes them on unchanged (RFC 3461 §5.2.1). <see cref="ReversePath"/> is "" for the null reverse-path.
/// </summary>
public sealed record OutboundEnvelope(string ReversePath, IReadOnlyList<OutboundRecipient> Recipients)
{
    /// <summary>The queue id to use (see <see cref="QueueId"/>), when the caller has already named the message
    /// with it (the SMTP server's Received: field); null for a new one.</summary>
    public string? Id { get; init; }

    /// <summary>ENVID (RFC 3461 §4.4), as received (xtext decoded), or null.</summary>
    public string? EnvelopeId { get; init; }

    /// <summary>RET (RFC 3461 §4.3).</summary>
    public DsnReturn Return { get; init; } = DsnReturn.Unspecified;

    /// <summary>BODY=8BITMIME was given (RFC 6152).</summary>
    public bool EightBitMime { get; init; }

    /// <summary>The SMTPUTF8 parameter was given (RFC 6531 §3.4).</summary>
    public bool SmtpUtf8 { get; init; }
}

/// <summary>One forward-path with its DSN parameters (RFC 3461 §4.1, §4.2).</summary>
/// <param name="Address">The forward-path without angle brackets.</param>
/// <param name="Notify">NOTIFY, or <see cref="DsnNotify.Unspecified"/>.</param>
/// <param name="OriginalRecipient">ORCPT as "addr-type;address" (e.g. "rfc822;dave@example.org"), or null.</param>
public sealed record OutboundRecipient(string Address, DsnNotify Notify = DsnNotify.Unspecified,
    string? OriginalRecipient = null);

/// <summary>NOTIFY values (RFC 3461 §4.1). Unspecified behaves as FAILURE,DELAY (our choice, allowed by
/// §4.1).</summary>
[Flags]
public enum DsnNotify
{
    Unspecified = 0,
    Never = 1,
    Success = 2,
    Failure = 4,
    Delay = 8,
}

/// <summary>RET (RFC 3461 §4.3): what a failure DSN returns of the message.</summary>
public enum DsnReturn
{
    Unspecified,
    Full,
    Headers,
}
