using System.Buffers;
using System.IO.Pipelines;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>DATA: streaming the message into a spool file and delivering it to the local store.</summary>
internal sealed partial class SmtpSession
{
    private const int DecodeChunkOctets = 16 * 1024;

    /// <summary>
    /// RFC 5321 §4.1.1.4. Always one reply after the end of data, and a 250 only once the message is fsynced
    /// and committed (§6.1, PRODUCT L). A refused message is read to its end first so that its lines are
    /// never taken as commands (cases C09, C10).
    /// </summary>
    private async Task<SmtpReply?> DataAsync(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        var transaction = _transaction!;
        if (_state != SmtpState.HasRecipients)
        {
            return transaction.RcptAttempts > 0 ? SmtpReply.NoValidRecipients : SmtpReply.NeedRcpt;
        }

        // RFC 3030 §2: DATA does not follow BDAT in one transaction; §3: BINARYMIME data comes only by BDAT.
        if (transaction.Chunks is not null || transaction.ChunkingFailed
            || transaction.Parameters.Body == "BINARYMIME")
        {
            return s_dataAfterBdat;
        }

        await SendAsync(SmtpReply.StartMailInput).ConfigureAwait(false);
        await FlushAsync(_connection.Aborted).ConfigureAwait(false);

        await using var message = await BeginMessageAsync(transaction, lines: null).ConfigureAwait(false);
        var decoder = await ReceiveDataAsync(message.Sink).ConfigureAwait(false);
        ResetTransaction();
        if (decoder is null)
        {
            // The client went away before the end of data: nothing was accepted, the spool file goes.
            _quit = true;
            return null;
        }

        if (RefusalFor(decoder, message.Sink) is { } refusal)
        {
            SmtpLog.MessageRefused(_logger, SessionId, decoder.OutputLength, refusal.ToString());
            return refusal;
        }

        await message.Sink.CompleteAsync(TransferToken).ConfigureAwait(false);
        return await DeliverAsync(message, transaction).ConfigureAwait(false);
    }

    /// <summary>One reply for the whole message; the size limit first, as it is what the client can fix.</summary>
    private SmtpReply? RefusalFor(DataDecoder decoder, MessageSink sink)
    {
        if (decoder.OutputLength > _context.Config.Limits.MaxMessageBytes)
        {
            // RFC 1870 §6.2 and RFC 5321 §4.5.3.1.7: 552 after the end of data, never in the middle of it.
            return SmtpReply.MessageTooBig;
        }

        if (sink.HeaderTooLarge)
        {
            return PolicyReplies.HeaderTooLarge;
        }

        if (decoder.LineTooLong)
        {
            return SmtpReply.DataLineTooLong;
        }

        if (decoder.SawBareLineEnd)
        {
            // RFC 5321 §2.3.8 and §4.1.1.4: a bare CR or LF is refused, not normalised, so that no two readings
            // of this message (ours and a later hop's) can differ (case C01).
            return SmtpReply.DataBareLineEnd;
        }

        // RFC 2045 §2.7-2.8: NUL is not allowed in 7bit or 8bit content (case C11).
        return decoder.SawNul ? SmtpReply.DataContainsNul : null;
    }

    /// <summary>
    /// Reads up to and including CR LF "." CR LF, writing the unstuffed content to <paramref name="target"/>
    /// until it passes the size limit. Returns null if the connection ended first.
    /// </summary>
    private async Task<DataDecoder?> ReceiveDataAsync(MessageSink target)
    {
        var reader = _connection.Reader;
        var decoder = new DataDecoder();
        var limit = _context.Config.Limits.MaxMessageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(DecodeChunkOctets + 1);
        try
        {
            while (!decoder.IsComplete)
            {
                // RFC 5321 §4.5.3.2.5: each block of data must arrive within the data block timeout.
                _connection.SetTimeout(TimeSpan.FromSeconds(_context.Config.Smtp.DataBlockTimeout));
                var result = await reader.ReadAsync(TransferToken).ConfigureAwait(false);
                var consumed = await DecodeAsync(result.Buffer, decoder, buffer, target, limit).ConfigureAwait(false);
                // Until the end of data everything read was looked at; after it, what follows is the next
                // command (RFC 2920 pipelining) and must stay unexamined, or the next read would wait for more.
                var position = result.Buffer.GetPosition(consumed);
                reader.AdvanceTo(position, decoder.IsComplete ? position : result.Buffer.End);
                if (!decoder.IsComplete && (result.IsCompleted || result.IsCanceled))
                {
                    return null;
                }
            }

            return decoder;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<long> DecodeAsync(ReadOnlySequence<byte> input, DataDecoder decoder, byte[] buffer,
        MessageSink target, long limit)
    {
        long consumed = 0;
        foreach (var segment in input)
        {
            var remaining = segment;
            while (remaining.Length > 0 && !decoder.IsComplete)
            {
                var chunk = remaining[..Math.Min(remaining.Length, DecodeChunkOctets)];
                var (used, written) = decoder.Decode(chunk.Span, buffer);
                consumed += used;
                remaining = remaining[used..];

                // Past the limit nothing more is written; the rest is only read to find the end (STYLE §5).
                if (decoder.OutputLength <= limit)
                {
                    await target.WriteAsync(buffer.AsMemory(0, written), TransferToken).ConfigureAwait(false);
                }
            }

            if (decoder.IsComplete)
            {
                break;
            }
        }

        return consumed;
    }
}
