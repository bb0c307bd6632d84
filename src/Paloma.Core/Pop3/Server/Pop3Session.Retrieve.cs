using System.Buffers;
using Paloma.Pop3.Protocol;
using Paloma.Storage;

namespace Paloma.Pop3.Server;

/// <summary>RETR and TOP (RFC 1939 §7): the stored file streamed through the byte-stuffer, never held whole.</summary>
internal sealed partial class Pop3Session
{
    private const int ChunkOctets = 32 * 1024;

    private int _retrieved;

    private async Task RetrieveAsync(Pop3Command command)
    {
        var message = Maildrop.Get(command.MessageNumber!.Value);
        Stream file;
        try
        {
            file = context.Store.OpenMessage(message.BlobId);
        }
        catch (Exception e) when (e is MailStoreException or FileNotFoundException or DirectoryNotFoundException)
        {
            // Another protocol (IMAP EXPUNGE) removed it after our snapshot was taken.
            Pop3Log.MessageGone(logger, SessionId, message.Uid);
            Pop3ProtocolException.Throw(Pop3Error.MessageUnavailable);
            return;
        }

        var top = command.Verb == Pop3Verb.Top;
        await using (file.ConfigureAwait(false))
        {
            var stuffer = new Pop3DotStuffer(top ? command.LineCount : null);
            var output = new ArrayBufferWriter<byte>(2 * ChunkOctets + 64);
            output.Write(top ? Pop3Responses.TopFollows : Pop3Responses.Ok($"{message.Size} octets"));
            var chunk = ArrayPool<byte>.Shared.Rent(ChunkOctets);
            _midResponse = true;
            try
            {
                while (!stuffer.IsComplete)
                {
                    var read = await file.ReadAsync(chunk.AsMemory(0, ChunkOctets), connection.Aborted)
                        .ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    stuffer.Encode(chunk.AsSpan(0, read), output);
                    if (output.WrittenCount >= ChunkOctets)
                    {
                        await connection.WriteAsync(output.WrittenMemory, connection.Aborted).ConfigureAwait(false);
                        output.ResetWrittenCount();
                        // A large message to a slow reader is activity, not idleness.
                        connection.SetTimeout(_autologout);
                    }
                }

                stuffer.Finish(output);
                await connection.WriteAsync(output.WrittenMemory, connection.Aborted).ConfigureAwait(false);
                await connection.FlushAsync(connection.Aborted).ConfigureAwait(false);
                _midResponse = false;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }

        if (!top)
        {
            _retrieved++;
        }
    }
}
