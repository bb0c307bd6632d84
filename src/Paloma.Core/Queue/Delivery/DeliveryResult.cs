namespace Paloma.Queue.Delivery;

/// <summary>What one attempt did for one recipient.</summary>
/// <param name="Reply">The next hop's reply (RCPT's if refused there, else the end of DATA's).</param>
/// <param name="RemoteMta">The host that answered, or null for local delivery or no connection.</param>
/// <param name="Relayed">Accepted by a next hop without the DSN extension, so we report NOTIFY=SUCCESS as
/// "relayed" ourselves (RFC 3461 §6.2.1 c).</param>
public sealed record DeliveryResult(QueuedRecipient Recipient, SmtpReply Reply, string? RemoteMta, bool Relayed);
