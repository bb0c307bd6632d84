using System.Globalization;
using System.Text;
using Paloma.Hosting;
using Paloma.Queue;
using Paloma.Smtp.Server;

namespace Paloma.Sendmail;

/// <summary>
/// <c>paloma sendmail</c> in its default mode (-bm): reads a message from a local program, completes its
/// header the way Sendmail does (Received:, From:, Date:, Message-ID:, X-Authentication-Warning:, no Bcc:),
/// streams it into a spool file and hands it to the outbound queue with the resolved recipients. The queue
/// commits before this returns; the running server's queue runner then delivers it, local users included.
/// </summary>
public sealed class LocalSubmission(ServerContext context, LocalRecipients recipients, TextWriter log)
{
    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();

    /// <summary>The Unix user who ran the command, and whether they may set any sender without a warning
    /// (Sendmail's trusted users: root).</summary>
    public string UserName { get; init; } = Environment.UserName;

    public async Task<SubmissionResult> SubmitAsync(SendmailOptions options, Stream input, CancellationToken ct)
    {
        var limits = context.Config.Limits;
        var reader = new MessageInput(input);
        var header = new SubmittedHeader();
        var (firstBodyLine, ended) = await ReadHeaderAsync(reader, header, options, limits.MaxHeaderBytes, ct)
            .ConfigureAwait(false);
        if (header.TooLarge)
        {
            return SubmissionResult.Fail(SendmailExit.DataError,
                $"header section over {limits.MaxHeaderBytes} octets ([limits] max_header_bytes)");
        }

        var requested = options.RecipientsFromHeaders
            ? header.Recipients().Except(options.Recipients, StringComparer.OrdinalIgnoreCase).ToList()
            : options.Recipients;
        if (requested.Count == 0)
        {
            return SubmissionResult.Fail(SendmailExit.Usage, "no recipient addresses found");
        }

        if (requested.Count > limits.MaxRecipientsPerMessage)
        {
            return SubmissionResult.Fail(SendmailExit.DataError,
                $"more than {limits.MaxRecipientsPerMessage} recipients ([limits] max_recipients_per_message)");
        }

        await recipients.RefreshAsync(ct).ConfigureAwait(false);
        var targets = new List<string>();
        var failures = new List<string>();
        foreach (var recipient in requested)
        {
            var outcome = await recipients.ResolveAsync(recipient, ct).ConfigureAwait(false);
            if (outcome.IsDeliverable)
            {
                targets.AddRange(outcome.Targets);
            }
            else
            {
                failures.Add($"{recipient}... {outcome.Failure}");
            }
        }

        var sender = EnvelopeSender(options);
        CompleteHeader(header, options, sender);
        await using var spool = context.Store.Spool.Create();
        var text = header.Format();
        var rewrite = HeaderRewriter.Create(recipients.Policy.Masquerade, Warning(options));
        var headerOctets = Encoding.Latin1.GetBytes((rewrite is null ? text : rewrite(text)) + "\r\n");
        await spool.Stream.WriteAsync(headerOctets, ct).ConfigureAwait(false);
        var size = headerOctets.Length + await CopyBodyAsync(reader, firstBodyLine, ended, options, spool.Stream,
            limits.MaxMessageBytes, ct).ConfigureAwait(false);
        if (size > limits.MaxMessageBytes)
        {
            return SubmissionResult.Fail(SendmailExit.DataError,
                $"message over {limits.MaxMessageBytes} octets ([limits] max_message_bytes)");
        }

        var distinct = targets.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (distinct.Count == 0)
        {
            return new SubmissionResult(failures.Count > 0 ? SendmailExit.NoUser : SendmailExit.Ok, null, failures);
        }

        using var spooled = await spool.CompleteAsync(ct).ConfigureAwait(false);
        var envelope = new OutboundEnvelope(sender, [.. distinct.Select(t => new OutboundRecipient(t))]);
        var id = await context.Queue!.EnqueueAsync(envelope, spooled, ct).ConfigureAwait(false);
        if (options.Verbose)
        {
            await log.WriteLineAsync($"queued as {id} for {string.Join(", ", distinct)}").ConfigureAwait(false);
        }

        return new SubmissionResult(failures.Count > 0 ? SendmailExit.NoUser : SendmailExit.Ok, id, failures);
    }

    /// <summary>Reads header lines up to the empty line (or the first line that is not a field, which then opens
    /// the body). Returns that first body line, and whether the input already ended. Stops storing past the
    /// limit, so that memory stays bounded; the caller then refuses the message.</summary>
    private static async Task<(string? FirstBodyLine, bool Ended)> ReadHeaderAsync(MessageInput reader,
        SubmittedHeader header, SendmailOptions options, int maxHeaderBytes, CancellationToken ct)
    {
        while (await reader.ReadAsync(ct).ConfigureAwait(false) is { } line)
        {
            var text = Encoding.Latin1.GetString(line.Octets.Span);
            if (!options.IgnoreDots && text == "." && line.EndsLine)
            {
                return (null, true);
            }

            if (text.Length == 0)
            {
                return (null, false);
            }

            if (!SubmittedHeader.IsFieldStart(text) && !(SubmittedHeader.IsContinuation(text) && header.Count > 0))
            {
                return (text, false);
            }

            header.AddLine(text);
            if (!line.EndsLine || header.Octets > maxHeaderBytes)
            {
                header.TooLarge = true;
                return (null, true);
            }
        }

        return (null, true);
    }

    /// <summary>Copies the body with CRLF line ends until the end of input or, without -i, a line holding a lone
    /// "."; past <paramref name="limit"/> it only counts. Returns the octets the body has.</summary>
    private static async Task<long> CopyBodyAsync(MessageInput reader, string? firstLine, bool ended,
        SendmailOptions options, Stream target, long limit, CancellationToken ct)
    {
        long size = 0;
        if (firstLine is not null)
        {
            var octets = Encoding.Latin1.GetBytes(firstLine + "\r\n");
            size += octets.Length;
            await target.WriteAsync(octets, ct).ConfigureAwait(false);
        }

        var atLineStart = true;
        while (!ended && await reader.ReadAsync(ct).ConfigureAwait(false) is { } line)
        {
            var octets = line.Octets;
            if (atLineStart && line.EndsLine && !options.IgnoreDots && octets.Span.SequenceEqual("."u8))
            {
                break;
            }

            size += octets.Length + (line.EndsLine ? 2 : 0);
            if (size <= limit)
            {
                await target.WriteAsync(octets, ct).ConfigureAwait(false);
                if (line.EndsLine)
                {
                    await target.WriteAsync(s_crlf, ct).ConfigureAwait(false);
                }
            }

            atLineStart = line.EndsLine;
        }

        return size;
    }

    /// <summary>-f, else the invoking user at the masquerade domain or the host name; masqueraded like SMTP
    /// senders when [masquerade] envelope is set.</summary>
    private string EnvelopeSender(SendmailOptions options)
    {
        if (options.Sender is { } given)
        {
            return given == "<>" ? "" : given.Contains('@') ? given : given + "@" + SenderDomain();
        }

        var sender = UserName + "@" + SenderDomain();
        return recipients.Policy.Masquerade is { Envelope: true } masquerade
            ? masquerade.RewriteAddress(sender)
            : sender;
    }

    private string SenderDomain() => context.Config.Masquerade.As ?? context.Config.Server.Hostname;

    /// <summary>Sendmail's additions: a Received: field naming the local user, and From:, Date: and
    /// Message-ID: where the program left them out (RFC 5322 §3.6 requires From: and Date:). Bcc: is removed
    /// whether or not -t was given, as Sendmail removes it.</summary>
    private void CompleteHeader(SubmittedHeader header, SendmailOptions options, string sender)
    {
        var now = context.Time.GetUtcNow();
        var hostname = context.Config.Server.Hostname;
        header.Remove("Bcc");
        if (!header.Has("From"))
        {
            var name = options.FullName ?? Environment.GetEnvironmentVariable("NAME");
            var address = sender.Length > 0 ? sender : UserName + "@" + SenderDomain();
            header.Append("From", string.IsNullOrWhiteSpace(name) ? address : $"{Quote(name)} <{address}>");
        }

        if (!header.Has("Date"))
        {
            header.Append("Date", TraceHeaders.FormatDate(now.ToLocalTime()));
        }

        if (!header.Has("Message-ID"))
        {
            var unique = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "."
                + Guid.NewGuid().ToString("N")[..12];
            header.Append("Message-ID", $"<{unique}@{hostname}>");
        }

        // RFC 5321 §4.4: every host that handles the message adds a Received: field first.
        header.Prepend("Received", $"(from {UserName}@localhost)\r\n\tby {hostname} (Paloma) with local;\r\n\t"
            + TraceHeaders.FormatDate(now));
    }

    /// <summary>Sendmail's warning when a user who is not trusted sets the sender with -f.</summary>
    private string? Warning(SendmailOptions options)
    {
        if (options.Sender is not { } given || UserName == "root")
        {
            return null;
        }

        var localPart = given.Split('@')[0];
        return localPart.Equals(UserName, StringComparison.Ordinal)
            ? null
            : $"{context.Config.Server.Hostname}: {UserName} set sender to {given} using -f";
    }

    private static string Quote(string name) => name.Any(c => "()<>[]:;@\\,.\"".Contains(c))
        ? "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""
        : name;
}
