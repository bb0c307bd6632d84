using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Dsn;

/// <summary>One message's DSN parameters: ENVID and RET from MAIL (RFC 3461 §4.3-4.4), NOTIFY and ORCPT of each
/// recipient (§4.1-4.2), in RCPT order. Values are stored as received (xtext not decoded).</summary>
public sealed record DsnEnvelope(
    string QueueId,
    string ReversePath,
    string? EnvelopeId,
    string? Ret,
    IReadOnlyList<(string ForwardPath, DsnRecipient? Dsn)> Recipients,
    DateTimeOffset Received);
