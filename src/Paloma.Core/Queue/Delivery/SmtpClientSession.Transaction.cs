using System.Globalization;
using System.Text;

namespace Paloma.Queue.Delivery;

/// <summary>One mail transaction on an open session: MAIL, RCPT for each recipient, DATA.</summary>
public sealed partial class SmtpClientSession
{
    /// <summary>
    /// Sends one message. <paramref name="content"/> is what goes after DATA (already downgraded if needed);
    /// <paramref name="eightBit"/> and <paramref name="smtpUtf8"/> say what it actually needs. Returns one result
    /// per recipient; a lost connection throws <see cref="SmtpSessionException"/>.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryResult>> SendAsync(QueuedMessage message,
        IReadOnlyList<QueuedRecipient> recipients, Stream content, bool eightBit, bool smtpUtf8, CancellationToken ct)
    {
        var dsn = Supports("DSN");
        var mail = new StringBuilder($"MAIL FROM:<{message.ReversePath}>");
        if (Supports("SIZE"))
        {
            mail.Append(CultureInfo.InvariantCulture, $" SIZE={content.Length}");
        }

        if (eightBit)
        {
            mail.Append(" BODY=8BITMIME");
        }

        if (smtpUtf8)
        {
            mail.Append(" SMTPUTF8");
        }

        // RFC 3461 §5.2.1: a DSN-capable next hop gets the envelope's DSN parameters unchanged.
        if (dsn && message.Return != DsnReturn.Unspecified)
        {
            mail.Append(message.Return == DsnReturn.Full ? " RET=FULL" : " RET=HDRS");
        }

        if (dsn && message.EnvelopeId is not null)
        {
            mail.Append(" ENVID=").Append(XText.Encode(message.EnvelopeId));
        }

        var commands = new List<string> { mail.ToString() };
        commands.AddRange(recipients.Select(r => RcptCommand(r, dsn)));

        var replies = new List<SmtpReply>();
        if (Supports("PIPELINING"))
        {
            // RFC 2920 §3.1: MAIL and every RCPT go in one write; the replies come back in order.
            await WriteAsync(string.Concat(commands.Select(c => c + "\r\n")), ct).ConfigureAwait(false);
            foreach (var _ in commands)
            {
                replies.Add(await ReadReplyAsync(ct).ConfigureAwait(false));
            }
        }
        else
        {
            foreach (var command in commands)
            {
                var reply = await CommandAsync(command, ct).ConfigureAwait(false);
                replies.Add(reply);
                if (replies.Count == 1 && !reply.IsPositive)
                {
                    break;
                }
            }
        }

        var mailReply = replies[0];
        if (!mailReply.IsPositive)
        {
            await ResetAsync(ct).ConfigureAwait(false);
            return recipients.Select(r => new DeliveryResult(r, mailReply, Host, false)).ToList();
        }

        var results = new DeliveryResult?[recipients.Count];
        for (var i = 0; i < recipients.Count; i++)
        {
            if (!replies[i + 1].IsPositive)
            {
                results[i] = new DeliveryResult(recipients[i], replies[i + 1], Host, false);
            }
        }

        if (results.All(r => r is not null))
        {
            await ResetAsync(ct).ConfigureAwait(false);
            return results!;
        }

        var final = await DataAsync(content, ct).ConfigureAwait(false);
        for (var i = 0; i < recipients.Count; i++)
        {
            results[i] ??= new DeliveryResult(recipients[i], final, Host,
                Relayed: final.IsPositive && !dsn);
        }

        return results!;
    }

    private static string RcptCommand(QueuedRecipient r, bool dsn)
    {
        var rcpt = new StringBuilder($"RCPT TO:<{r.Address}>");
        if (dsn && r.Notify != DsnNotify.Unspecified)
        {
            rcpt.Append(" NOTIFY=").Append(r.Notify.HasFlag(DsnNotify.Never)
                ? "NEVER"
                : string.Join(",", new[] { DsnNotify.Success, DsnNotify.Failure, DsnNotify.Delay }
                    .Where(f => r.Notify.HasFlag(f)).Select(f => f.ToString().ToUpperInvariant())));
        }

        if (dsn && r.OriginalRecipient is { } orcpt)
        {
            var semicolon = orcpt.IndexOf(';');
            rcpt.Append(" ORCPT=").Append(semicolon < 0
                ? "rfc822;" + XText.Encode(orcpt)
                : orcpt[..(semicolon + 1)] + XText.Encode(orcpt[(semicolon + 1)..]));
        }

        return rcpt.ToString();
    }

    private async Task<SmtpReply> DataAsync(Stream content, CancellationToken ct)
    {
        var reply = await CommandAsync("DATA", ct).ConfigureAwait(false);
        if (reply.Code != 354)
        {
            await ResetAsync(ct).ConfigureAwait(false);
            return reply;
        }

        await WriteDotStuffedAsync(content, ct).ConfigureAwait(false);
        await WriteAsync(".\r\n", ct).ConfigureAwait(false);
        return await ReadReplyAsync(ct).ConfigureAwait(false);
    }

    /// <summary>RFC 5321 §4.5.2: a line starting with "." gets one more; the data ends with CRLF before the
    /// final ".".</summary>
    private async Task WriteDotStuffedAsync(Stream content, CancellationToken ct)
    {
        var input = new byte[16384];
        var output = new byte[input.Length * 2 + 2];
        var atLineStart = true;
        var last = (byte)'\n';
        int read;
        while ((read = await content.ReadAsync(input, ct).ConfigureAwait(false)) > 0)
        {
            var n = 0;
            for (var i = 0; i < read; i++)
            {
                if (atLineStart && input[i] == '.')
                {
                    output[n++] = (byte)'.';
                }

                output[n++] = input[i];
                atLineStart = input[i] == '\n';
            }

            last = input[read - 1];
            await WriteAsync(output.AsMemory(0, n), ct).ConfigureAwait(false);
        }

        if (last != '\n')
        {
            await WriteAsync("\r\n"u8.ToArray(), ct).ConfigureAwait(false);
        }
    }

    /// <summary>RSET after a failed transaction, so that the connection can carry the next message.</summary>
    private async Task ResetAsync(CancellationToken ct) => await CommandAsync("RSET", ct).ConfigureAwait(false);
}
