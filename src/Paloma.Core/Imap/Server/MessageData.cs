using Paloma.Imap.Message;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>
/// The octets of one message, read from the store at most once per command, and its parsed content (only when
/// a command needs structure: sections, ENVELOPE, BODYSTRUCTURE, SEARCH on text).
/// </summary>
internal sealed class MessageData(IMailStore store, MessageInfo message)
{
    private byte[]? _raw;
    private MessageContent? _content;

    public MessageInfo Message { get; } = message;

    /// <summary>The stored octets, or null when the message is gone (expunged by another session, C37).</summary>
    public async Task<byte[]?> RawAsync(CancellationToken ct)
    {
        if (_raw is not null)
        {
            return _raw;
        }

        try
        {
            await using var stream = store.OpenMessage(Message.BlobId);
            var buffer = new MemoryStream((int)Math.Min(Message.Size, Array.MaxLength));
            await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
            _raw = buffer.ToArray();
            return _raw;
        }
        catch (Exception e) when (e is MailStoreException or FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public async Task<MessageContent?> ContentAsync(CancellationToken ct)
    {
        if (_content is null && await RawAsync(ct).ConfigureAwait(false) is { } raw)
        {
            _content = MessageContent.Parse(raw);
        }

        return _content;
    }
}
