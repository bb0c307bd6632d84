using Paloma.Storage;

namespace Paloma.Queue;

/// <summary>
/// The outbound queue as the SMTP server sees it. <see cref="EnqueueAsync"/> returns only after the message
/// file is fsynced in {data_dir}/queue and its rows are committed, so the caller may answer 250 right after
/// (RFC 5321 §6.1: once accepted, the message is our responsibility). The returned queue id belongs in that
/// 250 reply and in every log line about the message.
/// </summary>
public interface IOutboundQueue
{
    /// <summary>Takes over <paramref name="message"/> (trace headers already added) for the recipients of
    /// <paramref name="envelope"/>; local recipients are delivered to their mailboxes by the queue too.</summary>
    Task<string> EnqueueAsync(OutboundEnvelope envelope, SpooledMessage message, CancellationToken ct = default);
}
