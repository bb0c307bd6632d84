using System.Buffers;
using System.Globalization;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>BDAT (RFC 3030 CHUNKING, with BINARYMIME): the message in chunks of announced size, streamed to the
/// spool file with no dot-stuffing and no end-of-data line.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>The EHLO keywords of this file's extensions and of SMTPUTF8 (RFC 3030 §2, §3; RFC 6531 §3.2).
    /// </summary>
    private static readonly string[] s_chunkingAndUtf8Keywords = ["CHUNKING", "BINARYMIME", "SMTPUTF8"];

    private static readonly SmtpReply s_bdatSyntax = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Syntax: BDAT chunk-size [LAST]");
    private static readonly SmtpReply s_dataAfterBdat = new(SmtpReplyCode.BadSequence503,
        EnhancedStatusCode.InvalidCommand, "Use BDAT: DATA cannot follow BDAT, and BODY=BINARYMIME needs BDAT");
    private static readonly SmtpReply s_transactionFailed = new(SmtpReplyCode.BadSequence503,
        EnhancedStatusCode.InvalidCommand, "An earlier chunk was refused; send RSET");

    /// <summary>
    /// RFC 3030 §2: whatever the reply, the announced octets are read first, so that a refused chunk is never
    /// taken as commands (case C06). A refused chunk fails the transaction: later chunks are read and refused
    /// until RSET. Only a malformed size cannot be skipped, as its length is unknown.
    /// </summary>
    private async Task<SmtpReply?> BdatAsync(string argument)
    {
        if (!TryParseBdat(argument, out var size, out var last))
        {
            return s_bdatSyntax;
        }

        var refusal = BdatRefusal(size);
        if (refusal is not null)
        {
            if (!await ReadChunkAsync(null, size).ConfigureAwait(false))
            {
                _quit = true;
                return null;
            }

            if (_transaction is { } failed)
            {
                failed.ChunkingFailed = true;
                await (failed.Chunks?.DisposeAsync() ?? ValueTask.CompletedTask).ConfigureAwait(false);
                failed.Chunks = null;
            }

            return refusal;
        }

        var transaction = _transaction!;
        var body = transaction.Parameters.Body;
        var message = transaction.Chunks ??= await BeginMessageAsync(transaction,
            body == "BINARYMIME" ? null : new ChunkLineChecker()).ConfigureAwait(false);
        if (!await ReadChunkAsync(message, size).ConfigureAwait(false))
        {
            // The client went away in the middle of a chunk: nothing was accepted, the spool file goes.
            _quit = true;
            return null;
        }

        message.Octets += size;
        if (!last)
        {
            return new SmtpReply(SmtpReplyCode.Ok250, EnhancedStatusCode.Success,
                $"{size.ToString(CultureInfo.InvariantCulture)} octets received");
        }

        transaction.Chunks = null;
        ResetTransaction();
        await using (message.ConfigureAwait(false))
        {
            return await FinishChunksAsync(message, transaction).ConfigureAwait(false);
        }
    }

    /// <summary>The reply to a BDAT that cannot be taken, or null; the state table lets BDAT through in every
    /// state so that this reply comes only after the chunk is read.</summary>
    private SmtpReply? BdatRefusal(long size)
    {
        if (_state == SmtpState.Connected)
        {
            return SmtpReply.NeedHelo;
        }

        if (_transaction is not { } transaction)
        {
            return SmtpReply.NeedMail;
        }

        if (_state != SmtpState.HasRecipients)
        {
            return transaction.RcptAttempts > 0 ? SmtpReply.NoValidRecipients : SmtpReply.NeedRcpt;
        }

        if (transaction.ChunkingFailed)
        {
            return s_transactionFailed;
        }

        // RFC 3030 §4.2 and RFC 1870: the size limit holds for the chunks together; 552 as soon as they pass it.
        var total = (transaction.Chunks?.Octets ?? 0) + size;
        return size > _context.Config.Limits.MaxMessageBytes || total > _context.Config.Limits.MaxMessageBytes
            ? SmtpReply.MessageTooBig
            : null;
    }

    /// <summary>After the LAST chunk: the same checks as after DATA, then delivery.</summary>
    private async Task<SmtpReply> FinishChunksAsync(IncomingMessage message, SmtpTransaction transaction)
    {
        SmtpReply? refusal = null;
        if (message.Sink.HeaderTooLarge)
        {
            refusal = PolicyReplies.HeaderTooLarge;
        }
        else if (message.Lines is { } lines)
        {
            lines.Finish();
            refusal = lines.LineTooLong ? SmtpReply.DataLineTooLong
                : lines.SawBareLineEnd ? SmtpReply.DataBareLineEnd
                : lines.SawNul ? SmtpReply.DataContainsNul
                : null;
            if (refusal is null && !lines.EndsWithLineEnd)
            {
                // RFC 5322 §2.1 text ends with CR LF, and the next hop's DATA needs it; BDAT does not add it.
                await message.Sink.WriteAsync("\r\n"u8.ToArray(), TransferToken).ConfigureAwait(false);
            }
        }

        if (refusal is not null)
        {
            SmtpLog.MessageRefused(_logger, SessionId, message.Octets, refusal.ToString());
            return refusal;
        }

        await message.Sink.CompleteAsync(TransferToken).ConfigureAwait(false);
        return await DeliverAsync(message, transaction).ConfigureAwait(false);
    }

    /// <summary>Reads exactly <paramref name="size"/> octets, into <paramref name="message"/> or (null) nowhere.
    /// False if the connection ended first.</summary>
    private async Task<bool> ReadChunkAsync(IncomingMessage? message, long size)
    {
        var reader = _connection.Reader;
        var remaining = size;
        while (remaining > 0)
        {
            // RFC 5321 §4.5.3.2.5 by analogy: each block of a chunk must arrive within the data block timeout.
            _connection.SetTimeout(TimeSpan.FromSeconds(_context.Config.Smtp.DataBlockTimeout));
            var result = await reader.ReadAsync(TransferToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            if (message is not null)
            {
                foreach (var segment in take)
                {
                    message.Lines?.Check(segment.Span);
                    await message.Sink.WriteAsync(segment, TransferToken).ConfigureAwait(false);
                }
            }

            remaining -= take.Length;
            // Only what was taken is examined: pipelined commands after the chunk must be readable at once.
            reader.AdvanceTo(take.End);
            if (remaining > 0 && (result.IsCompleted || result.IsCanceled))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3030 §2: "BDAT" SP chunk-size [SP end-marker], chunk-size = 1*DIGIT, end-marker = "LAST".
    /// </summary>
    private static bool TryParseBdat(string argument, out long size, out bool last)
    {
        size = 0;
        var parts = argument.Split(' ');
        last = parts.Length == 2 && parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase);
        if (parts.Length != 1 && !last || parts[0].Length is 0 or > 18 || !parts[0].All(char.IsAsciiDigit))
        {
            return false;
        }

        size = long.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>Removes the spool file of a chunked message the session ends without finishing.</summary>
    public void DiscardPartialMessage()
    {
        _transaction?.Chunks?.Spool.Dispose();
    }
}
