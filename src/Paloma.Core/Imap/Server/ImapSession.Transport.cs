using Paloma.Net;

namespace Paloma.Imap.Server;

/// <summary>Changes of the transport that take effect right after a tagged response (COMPRESS, RFC 4978 §3:
/// "immediately after the CRLF which ends the tagged OK response").</summary>
internal sealed partial class ImapSession
{
    /// <summary>Run once, after the current command's tagged response has been flushed.</summary>
    public Action? AfterResponse { get; set; }

    /// <summary>COMPRESS=DEFLATE is on; RFC 4978 allows one compression layer.</summary>
    public bool Compressed { get; private set; }

    public void StartCompression()
    {
        Connection.ReplaceStream(new DeflateTransport(Connection.Stream));
        Lines = new LineReader(Connection.Reader);
        Compressed = true;
    }

    private void RunAfterResponse()
    {
        var action = AfterResponse;
        AfterResponse = null;
        action?.Invoke();
    }
}
