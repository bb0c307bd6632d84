using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Paloma.Queue.Dsn;

/// <summary>The three kinds of report the queue sends (RFC 3464 §2.3.3 Action).</summary>
public enum ReportKind
{
    Failure,
    Delay,
    Success,
}

/// <summary>
/// Builds a delivery status notification: a multipart/report (RFC 6522) with a human-readable part, the
/// message/delivery-status part (RFC 3464) and the returned message or its headers (RET, RFC 3461 §4.3).
/// </summary>
public static class DeliveryReport
{
    public static MimeMessage Build(ReportKind kind, QueuedMessage message, IReadOnlyList<QueuedRecipient> recipients,
        string reportingMta, DateTimeOffset now, DateTimeOffset retryUntil)
    {
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = HumanText(kind, message, recipients, reportingMta) },
            Status(kind, message, recipients, reportingMta, now, retryUntil),
            Returned(kind, message),
        };

        var dsn = new MimeMessage();
        dsn.From.Add(new MailboxAddress("Mail Delivery System", $"MAILER-DAEMON@{reportingMta}"));
        dsn.To.Add(MailboxAddress.Parse(message.ReversePath));
        dsn.Subject = kind switch
        {
            ReportKind.Failure => "Undelivered Mail Returned to Sender",
            ReportKind.Delay => "Delayed Mail (still being retried)",
            _ => "Successful Mail Delivery Report",
        };
        dsn.Date = now;
        dsn.MessageId = MimeUtils.GenerateMessageId(reportingMta);
        // RFC 3834 §5: an automatic reply, so that vacation responders leave it alone.
        dsn.Headers.Add("Auto-Submitted", "auto-replied");
        dsn.Body = report;
        return dsn;
    }

    private static string HumanText(ReportKind kind, QueuedMessage message, IReadOnlyList<QueuedRecipient> recipients,
        string reportingMta)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"This is the mail system at {reportingMta}.").AppendLine();
        s.AppendLine(kind switch
        {
            ReportKind.Failure => "Your message could not be delivered to the following recipients:",
            ReportKind.Delay => "Your message has not been delivered yet to the following recipients; "
                + "the mail system keeps trying:",
            _ => "Your message was delivered (or passed on) to the following recipients:",
        }).AppendLine();
        foreach (var r in recipients)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"<{r.Address}>: {r.LastReply}");
        }

        s.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Queue id: {message.Id}");
        return s.ToString();
    }

    private static MessageDeliveryStatus Status(ReportKind kind, QueuedMessage message,
        IReadOnlyList<QueuedRecipient> recipients, string reportingMta, DateTimeOffset now, DateTimeOffset retryUntil)
    {
        var status = new MessageDeliveryStatus();
        // RFC 3464 §2.2: per-message fields.
        var perMessage = new HeaderList();
        if (message.EnvelopeId is not null)
        {
            perMessage.Add("Original-Envelope-Id", message.EnvelopeId);
        }

        perMessage.Add("Reporting-MTA", "dns; " + reportingMta);
        perMessage.Add("Arrival-Date", DateUtils.FormatDate(message.Arrival));
        status.StatusGroups.Add(perMessage);

        // RFC 3464 §2.3: per-recipient fields.
        foreach (var r in recipients)
        {
            var fields = new HeaderList();
            if (r.OriginalRecipient is not null)
            {
                fields.Add("Original-Recipient", r.OriginalRecipient.Contains(';')
                    ? r.OriginalRecipient
                    : "rfc822;" + r.OriginalRecipient);
            }

            fields.Add("Final-Recipient", "rfc822; " + r.Address);
            fields.Add("Action", kind switch
            {
                ReportKind.Failure => "failed",
                ReportKind.Delay => "delayed",
                _ => r.Status == RecipientStatus.Relayed ? "relayed" : "delivered",
            });
            var reply = r.LastReply is null ? null : ParseReply(r.LastReply);
            fields.Add("Status", reply?.EnhancedStatus ?? (kind == ReportKind.Success ? "2.0.0" : "4.0.0"));
            if (r.RemoteMta is not null)
            {
                fields.Add("Remote-MTA", "dns; " + r.RemoteMta);
            }

            if (reply is not null && (r.RemoteMta is not null || kind != ReportKind.Success))
            {
                // RFC 3464 §2.3.6: the reply as received, multi-line replies on one line.
                fields.Add("Diagnostic-Code", "smtp; " + reply.ToString().Replace('\n', ' '));
            }

            fields.Add("Last-Attempt-Date", DateUtils.FormatDate(now));
            if (kind == ReportKind.Delay)
            {
                fields.Add("Will-Retry-Until", DateUtils.FormatDate(retryUntil));
            }

            status.StatusGroups.Add(fields);
        }

        return status;
    }

    /// <summary>RFC 3461 §4.3: RET=FULL returns the whole message, HDRS the headers. Without RET we return the
    /// whole message on failure; delay and success reports carry the headers only.</summary>
    private static MimeEntity Returned(ReportKind kind, QueuedMessage message)
    {
        var original = MimeMessage.Load(message.Path);
        if (kind == ReportKind.Failure && message.Return != DsnReturn.Headers)
        {
            return new MessagePart("rfc822") { Message = original };
        }

        var headers = new MemoryStream();
        original.Headers.WriteTo(headers);
        headers.Position = 0;
        return new MimePart("text", "rfc822-headers") { Content = new MimeContent(headers) };
    }

    private static Delivery.SmtpReply ParseReply(string text) =>
        text.Length >= 4 && int.TryParse(text.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture,
            out var code)
            ? new Delivery.SmtpReply(code, text[4..])
            : new Delivery.SmtpReply(451, text);
}
