using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// COMPRESS DEFLATE (RFC 4978 §3): one compression layer per session. The tagged OK goes out uncompressed; the
/// switch happens right after its CRLF, through <see cref="ImapSession.AfterResponse"/>.
/// </summary>
internal static class CompressHandler
{
    public static Task<ImapCompletion> RunAsync(ImapSession session, CompressCommand command)
    {
        if (!command.Mechanism.Equals("DEFLATE", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(ImapCompletion.Bad($"unknown compression mechanism {command.Mechanism}"));
        }

        if (session.Compressed)
        {
            // RFC 4978 §3: NO with COMPRESSIONACTIVE when the same mechanism is already on.
            return Task.FromResult(ImapCompletion.No("DEFLATE is already active",
                ImapResponseCode.CompressionActive));
        }

        session.AfterResponse = session.StartCompression;
        return Task.FromResult(ImapCompletion.Ok("DEFLATE active"));
    }
}
