using Paloma.Storage;

namespace Paloma.Smtp.Server;

/// <summary>
/// One message being received, by DATA or by BDAT chunks: its queue id (named in Received: and the 250), the
/// spool file the content streams into, the header sink in front of it and where it will go. For BDAT it lives
/// across commands, from the first chunk to the LAST one or the end of the transaction.
/// </summary>
internal sealed class IncomingMessage(string queueId, DateTimeOffset received, SpoolWriter spool, MessageSink sink,
    DeliveryPlan plan) : IAsyncDisposable
{
    public string QueueId { get; } = queueId;

    public DateTimeOffset Received { get; } = received;

    public SpoolWriter Spool { get; } = spool;

    public MessageSink Sink { get; } = sink;

    public DeliveryPlan Plan { get; } = plan;

    /// <summary>Content octets received so far (BDAT chunk sizes added up; RFC 3030 §4.2 SIZE applies to them).
    /// </summary>
    public long Octets { get; set; }

    /// <summary>Line rules for 7BIT and 8BITMIME content sent by BDAT; null for DATA (its decoder checks) and for
    /// BINARYMIME, which has no lines (RFC 3030 §3).</summary>
    public ChunkLineChecker? Lines { get; init; }

    /// <summary>Deletes the spool file unless it was completed (a refused, failed or abandoned message).</summary>
    public ValueTask DisposeAsync() => Spool.DisposeAsync();
}
