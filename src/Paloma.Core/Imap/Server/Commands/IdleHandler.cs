using System.Text;
using Paloma.Imap.Protocol;
using Paloma.Net;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// IDLE (RFC 2177): after "+ idling", changes to the selected mailbox are reported as they are committed, until the
/// client sends DONE (any case). Anything else ends the idle with BAD. The autologout timer keeps running (RFC 2177
/// §3 asks clients to re-issue IDLE within 29 minutes), so a silent client is logged out with BYE (C41).
/// </summary>
internal static class IdleHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, CancellationToken ct)
    {
        session.Writer.Continuation("idling");
        await session.FlushAsync(ct).ConfigureAwait(false);
        var done = session.ReadLineAsync(ct).AsTask();
        while (true)
        {
            var selected = session.Selected;
            var changed = selected?.Changed ?? Task.Delay(Timeout.Infinite, ct);
            if (selected is not null)
            {
                if (!await selected.SyncAsync(session.Store, session.Writer, allowExpunge: true, ct)
                    .ConfigureAwait(false))
                {
                    // Deleted by another session while idling: BYE now, not at the next change (RFC 2180 §3.2).
                    return session.EndSession(SelectedMailbox.DeletedText);
                }

                await session.FlushAsync(ct).ConfigureAwait(false);
            }

            if (await Task.WhenAny(done, changed).ConfigureAwait(false) == done)
            {
                break;
            }

            ct.ThrowIfCancellationRequested();
        }

        var line = await done.ConfigureAwait(false);
        if (line.Status == LineStatus.EndOfStream)
        {
            throw new IOException("connection closed during IDLE");
        }

        if (line.Status == LineStatus.Line && !line.BareLf
            && Encoding.ASCII.GetString(line.Text).Equals("DONE", StringComparison.OrdinalIgnoreCase))
        {
            return ImapCompletion.Ok("IDLE terminated");
        }

        return ImapCompletion.Bad("expected DONE to end IDLE");
    }
}
