using MimeKit;
using Paloma.Queue.Dsn;

namespace Paloma.Queue;

/// <summary>
/// DSNs: after each pass, one report per message for the recipients whose fate became final (failed, or
/// delivered with NOTIFY=SUCCESS), one "delayed" report per message once it is older than delay_warning, and
/// removal of messages with nothing left to do. A report goes through the queue itself with the null
/// reverse-path, so a report is never reported on (RFC 5321 §6.1, RFC 3461 §6.2: no loops).
/// </summary>
public sealed partial class QueueRunner
{
    private async Task<bool> ReportAsync(IEnumerable<string> touched, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var sent = false;
        var finished = await _store.GetFinishedMessageIdsAsync().ConfigureAwait(false);
        foreach (var id in touched.Concat(finished).Distinct())
        {
            if (await _store.GetAsync(id).ConfigureAwait(false) is not { } entry)
            {
                continue;
            }

            var final = entry.Recipients.Where(r => r.Status != RecipientStatus.Pending && !r.Reported).ToList();
            var failed = final.Where(r => r.Status == RecipientStatus.Failed && r.Wants(DsnNotify.Failure)).ToList();
            // RFC 3461 §6.2.1: "delivered" when we put it in a mailbox, "relayed" when the next hop cannot carry
            // the request on; a DSN-capable next hop reports success itself.
            var succeeded = final.Where(r => r.Status != RecipientStatus.Failed && r.Notify.HasFlag(DsnNotify.Success)
                && (r.Status == RecipientStatus.Relayed || r.RemoteMta is null)).ToList();
            sent |= await SendReportAsync(entry.Message, ReportKind.Failure, failed, now, ct).ConfigureAwait(false);
            sent |= await SendReportAsync(entry.Message, ReportKind.Success, succeeded, now, ct).ConfigureAwait(false);
            await _store.MarkReportedAsync(final.Select(r => r.Id)).ConfigureAwait(false);

            if (entry.Recipients.All(r => r.Status != RecipientStatus.Pending))
            {
                await _store.DeleteAsync(id).ConfigureAwait(false);
                QueueLog.Removed(_logger, id);
            }
        }

        return await WarnDelayedAsync(now, ct).ConfigureAwait(false) || sent;
    }

    private async Task<bool> WarnDelayedAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (_config.Queue.DelayWarning <= TimeSpan.Zero)
        {
            return false;
        }

        var sent = false;
        foreach (var id in await _store.GetDelayCandidatesAsync(now - _config.Queue.DelayWarning).ConfigureAwait(false))
        {
            if (await _store.GetAsync(id).ConfigureAwait(false) is not { } entry)
            {
                continue;
            }

            var delayed = entry.Recipients
                .Where(r => r.Status == RecipientStatus.Pending && r.Attempts > 0 && r.Wants(DsnNotify.Delay))
                .ToList();
            sent |= await SendReportAsync(entry.Message, ReportKind.Delay, delayed, now, ct).ConfigureAwait(false);
            await _store.MarkDelayNotifiedAsync(id).ConfigureAwait(false);
        }

        return sent;
    }

    private async Task<bool> SendReportAsync(QueuedMessage message, ReportKind kind,
        IReadOnlyList<QueuedRecipient> recipients, DateTimeOffset now, CancellationToken ct)
    {
        if (recipients.Count == 0)
        {
            return false;
        }

        if (message.ReversePath.Length == 0)
        {
            // RFC 5321 §6.1 and §4.5.5: never notify about a message whose reverse-path is null (case C13).
            QueueLog.ReportDropped(_logger, message.Id, kind.ToString());
            return false;
        }

        var report = DeliveryReport.Build(kind, message, recipients, _config.Server.Hostname, now,
            message.Arrival + _config.Queue.Lifetime);
        var writer = new Storage.MessageSpool(_config.DataDirectory).Create();
        await using (writer.ConfigureAwait(false))
        {
            var options = FormatOptions.Default.Clone();
            options.NewLineFormat = NewLineFormat.Dos;
            options.International = true;
            await report.WriteToAsync(options, writer.Stream, ct).ConfigureAwait(false);
            using var spooled = await writer.CompleteAsync(ct).ConfigureAwait(false);
            var envelope = new OutboundEnvelope("", [new OutboundRecipient(message.ReversePath, DsnNotify.Never)])
            {
                EightBitMime = true,
                SmtpUtf8 = !message.ReversePath.All(char.IsAscii),
            };
            var dsnId = await _store.EnqueueAsync(envelope, spooled, ct).ConfigureAwait(false);
            QueueLog.ReportSent(_logger, message.Id, kind.ToString(), dsnId, message.ReversePath);
        }

        return true;
    }
}
