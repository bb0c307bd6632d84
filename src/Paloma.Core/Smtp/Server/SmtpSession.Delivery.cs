using Paloma.Metrics;
using Paloma.Queue;
using Paloma.Smtp.Protocol;
using Paloma.Storage;

namespace Paloma.Smtp.Server;

/// <summary>The end of a message, by DATA or BDAT: local mailboxes and the outbound queue.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>Names the message, opens its spool file and writes the trace header fields. A message that
    /// goes (partly) to the queue is spooled without Return-Path:, which only final delivery adds (RFC 5321
    /// §4.4); the local copy gets it.</summary>
    private async Task<IncomingMessage> BeginMessageAsync(SmtpTransaction transaction, ChunkLineChecker? lines)
    {
        var queueId = QueueId.New();
        var now = _context.Time.GetUtcNow();
        var plan = DeliveryPlan.For(transaction);
        var singleRecipient = transaction.Recipients.Select(r => r.ForwardPath).Distinct().Count() == 1
            ? transaction.Recipients[0].ForwardPath
            : null;
        var reversePath = transaction.ReversePath.ToAngleForm();
        var trace = TraceHeaders.Build(plan.Queued.Count > 0 ? null : reversePath, _heloName,
            _connection.RemoteEndPoint.Address, _context.Config.Server.Hostname,
            TraceHeaders.Protocol(_extended, transaction.Parameters.SmtpUtf8, IsTls, AuthenticatedUser is not null),
            queueId, singleRecipient, now, TraceTls, _clientHostName);

        var spool = _context.Store.Spool.Create();
        await spool.Stream.WriteAsync(trace, TransferToken).ConfigureAwait(false);
        var sink = new MessageSink(spool.Stream, _context.Config.Limits.MaxHeaderBytes,
            WithSubmissionFields(HeaderRewriter.Create(_policy.Masquerade, AuthenticationWarning(transaction)), now));
        return new IncomingMessage(queueId, now, spool, sink, plan) { Lines = lines };
    }

    /// <summary>
    /// Local users first, then the queue entry; the 250 (with the queue id) only once both are durable (RFC 5321
    /// §6.1). If the queue fails after the local delivery, the client gets 451 and retries: the local users may
    /// then receive the message twice, which is the lesser fault than losing the remote copy.
    /// </summary>
    private async Task<SmtpReply> DeliverAsync(IncomingMessage message, SmtpTransaction transaction)
    {
        var plan = message.Plan;
        var queueId = message.QueueId;
        var accepted = new SmtpReply(SmtpReplyCode.Ok250, EnhancedStatusCode.Success, "Ok: queued as " + queueId);
        if (transaction.Discard || plan.IsEmpty)
        {
            // Sendmail's DISCARD: the client sees a normal 250; the message is dropped and the log says so.
            SmtpLog.Discarded(_logger, SessionId, message.Spool.Length, transaction.Discard
                ? "access map DISCARD (client or sender)"
                : "every recipient discarded");
            PalomaMetrics.RecordMessageReceived();
            return accepted;
        }

        try
        {
            var ct = TransferToken;
            using var spooled = await message.Spool.CompleteAsync(ct).ConfigureAwait(false);
            if (plan.LocalUsers.Count > 0)
            {
                using var local = plan.Queued.Count > 0
                    ? await LocalCopyAsync(spooled, transaction.ReversePath.ToAngleForm()).ConfigureAwait(false)
                    : null;
                await _context.Store.DeliverAsync(local ?? spooled, plan.LocalUsers, message.Received, ct)
                    .ConfigureAwait(false);
                SmtpLog.Stored(_logger, SessionId, queueId, spooled.Length, plan.LocalUsers.Count);
            }

            if (plan.Queued.Count > 0)
            {
                await _context.Queue!.EnqueueAsync(plan.Envelope(transaction, queueId), spooled, ct)
                    .ConfigureAwait(false);
                SmtpLog.Enqueued(_logger, SessionId, queueId, spooled.Length, plan.Queued.Count);
            }

            PalomaMetrics.RecordMessageReceived();
            return accepted;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SmtpLog.DeliveryFailed(_logger, e, SessionId, queueId);
            return SmtpReply.LocalError;
        }
    }

    /// <summary>The mailbox copy of a message that also goes to the queue: Return-Path: and the same octets.
    /// </summary>
    private async Task<SpooledMessage> LocalCopyAsync(SpooledMessage source, string reversePath)
    {
        var writer = _context.Store.Spool.Create();
        await using (writer.ConfigureAwait(false))
        {
            await writer.Stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(TraceHeaders.ReturnPath(reversePath)),
                TransferToken).ConfigureAwait(false);
            await using (var input = File.OpenRead(source.Path))
            {
                await input.CopyToAsync(writer.Stream, TransferToken).ConfigureAwait(false);
            }

            return await writer.CompleteAsync(TransferToken).ConfigureAwait(false);
        }
    }
}
