using System.Buffers;
using Paloma.Imap.Protocol;
using Paloma.Net;

namespace Paloma.Imap.Server;

/// <summary>
/// Framing: collects one command's lines and literal bodies (RFC 3501 §4.3) and hands them to the pure parser.
/// A command, literals included, is bounded by Imap.MaxCommandBytes; only APPEND's message literal is larger, and
/// it is streamed to the spool by its handler, never collected here.
/// </summary>
internal sealed partial class ImapSession
{
    private static readonly byte[] s_crlf = "\r\n"u8.ToArray();

    private int MaxCommandBytes => Context.Config.Imap.MaxCommandBytes;

    private async Task<ReadOutcome> ReadCommandAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var line = await Lines.ReadLineAsync(Math.Max(1, MaxCommandBytes - buffer.WrittenCount), ct)
                .ConfigureAwait(false);
            switch (line.Status)
            {
                case LineStatus.EndOfStream:
                    return ReadOutcome.End;
                case LineStatus.TooLong:
                    // The line was skipped without being held; its tag is unknown, so the BAD is untagged.
                    return ReadOutcome.Failed(null, $"command longer than {MaxCommandBytes} octets");
            }

            buffer.Write(line.Text);
            buffer.Write(line.BareLf ? "\n"u8 : s_crlf);
            var result = ImapCommandParser.Parse(new ReadOnlySequence<byte>(buffer.WrittenMemory));
            switch (result.Status)
            {
                case ImapParseStatus.Complete:
                    return new ReadOutcome(result.Command, result.Tag, null, false);
                case ImapParseStatus.NeedLiteral:
                    if (await AcceptLiteralAsync(result, line.Text, buffer, ct).ConfigureAwait(false) is { } refusal)
                    {
                        return refusal;
                    }

                    continue;
                case ImapParseStatus.Error:
                    await SkipAnnouncedLiteralsAsync(line.Text, ct).ConfigureAwait(false);
                    return ReadOutcome.Failed(result.Tag, result.Error!);
                default:
                    return ReadOutcome.Failed(result.Tag, line.BareLf
                        ? "bare LF: lines end with CRLF"
                        : "incomplete command");
            }
        }
    }

    /// <summary>
    /// A literal in the middle of a command: refused (BAD, without "+") when its command may not run now or it
    /// would take the command over its limit (C28); otherwise invited with "+" if synchronising, and read.
    /// </summary>
    private async Task<ReadOutcome?> AcceptLiteralAsync(ImapParseResult result, byte[] line,
        ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        var spec = result.Literal!.Value;
        var refusal = result.Name is { } name ? ImapStateTable.Check(State, name) : null;
        if (refusal is null && spec.Size > (long)MaxCommandBytes - buffer.WrittenCount)
        {
            refusal = $"literal of {spec.Size} octets is over the command limit of {MaxCommandBytes}";
        }

        if (refusal is not null)
        {
            await SkipAnnouncedLiteralsAsync(line, ct).ConfigureAwait(false);
            return ReadOutcome.Failed(result.Tag, refusal);
        }

        if (spec.Synchronizing)
        {
            Writer.Continuation("Ready for literal data");
            await FlushAsync(ct).ConfigureAwait(false);
        }

        await ReadExactAsync(spec.Size, segment =>
        {
            buffer.Write(segment.Span);
            return ValueTask.CompletedTask;
        }, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// After refusing a command whose line announced a non-synchronising literal, the client sends the octets
    /// anyway (RFC 7888 §4): drop them, and the rest of the command with them, so none is read as a command.
    /// </summary>
    private async Task SkipAnnouncedLiteralsAsync(byte[] line, CancellationToken ct)
    {
        while (LiteralSpec.TryFindAtLineEnd(line, out var spec) && !spec.Synchronizing)
        {
            await ReadExactAsync(spec.Size, _ => ValueTask.CompletedTask, ct).ConfigureAwait(false);
            var next = await Lines.ReadLineAsync(MaxCommandBytes, ct).ConfigureAwait(false);
            if (next.Status != LineStatus.Line)
            {
                return;
            }

            line = next.Text;
        }
    }

    /// <summary>For a command refused before it ran: an APPEND's non-synchronising message literal is on its way.
    /// </summary>
    public async Task DiscardUnusedLiteralAsync(ImapCommand command, CancellationToken ct)
    {
        if (command is AppendCommand { Message.Synchronizing: false } append)
        {
            await ReadExactAsync(append.Message.Size, _ => ValueTask.CompletedTask, ct).ConfigureAwait(false);
            var rest = await Lines.ReadLineAsync(MaxCommandBytes, ct).ConfigureAwait(false);
            if (rest.Status == LineStatus.Line)
            {
                await SkipAnnouncedLiteralsAsync(rest.Text, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Passes exactly <paramref name="count"/> octets from the connection to <paramref name="sink"/>, in
    /// the pieces the pipe holds; nothing is collected here.</summary>
    public async Task ReadExactAsync(long count, Func<ReadOnlyMemory<byte>, ValueTask> sink, CancellationToken ct)
    {
        var reader = Connection.Reader;
        while (count > 0)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.IsEmpty && result.IsCompleted)
            {
                throw new IOException("connection closed inside a literal");
            }

            var take = buffer.Slice(0, Math.Min(count, buffer.Length));
            foreach (var segment in take)
            {
                await sink(segment).ConfigureAwait(false);
            }

            count -= take.Length;
            reader.AdvanceTo(take.End);
        }
    }

    /// <summary>One line for a long phase that owns the input (AUTHENTICATE, IDLE, the end of APPEND).</summary>
    public ValueTask<LineResult> ReadLineAsync(CancellationToken ct) => Lines.ReadLineAsync(MaxCommandBytes, ct);

    private sealed record ReadOutcome(ImapCommand? Command, string? Tag, string? Error, bool EndOfStream)
    {
        public static readonly ReadOutcome End = new(null, null, null, true);

        public static ReadOutcome Failed(string? tag, string error) => new(null, tag, error, false);
    }
}
