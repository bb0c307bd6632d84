namespace Paloma.Smtp.Dsn;

/// <summary>The DSN parameters (RFC 3461) of accepted messages, keyed by queue id (the "id" of the message's
/// Received: field), kept for the outbound queue's delivery status notifications.</summary>
public interface IDsnStore
{
    Task SaveAsync(DsnEnvelope envelope, CancellationToken ct = default);

    Task<DsnEnvelope?> FindAsync(string queueId, CancellationToken ct = default);
}
