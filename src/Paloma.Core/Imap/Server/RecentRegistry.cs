using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>
/// \Recent (RFC 3501 §2.3.2): a message is recent in exactly one session, the first to see it. Each mailbox has a
/// watermark UID; a session that selects read-write claims every UID from the watermark up and moves it on.
/// Kept in memory per store: after a restart every message is recent once more, which the RFC permits.
/// </summary>
internal sealed class RecentRegistry
{
    private static readonly ConditionalWeakTable<IMailStore, RecentRegistry> s_perStore = new();

    private readonly ConcurrentDictionary<long, uint> _watermarks = new();

    public static RecentRegistry For(IMailStore store) => s_perStore.GetValue(store, _ => new RecentRegistry());

    /// <summary>Claims UIDs below <paramref name="uidNext"/>; returns the first UID that is recent for the caller.
    /// </summary>
    public uint Claim(long mailboxId, uint uidNext)
    {
        while (true)
        {
            var current = _watermarks.GetOrAdd(mailboxId, 1);
            if (uidNext <= current || _watermarks.TryUpdate(mailboxId, uidNext, current))
            {
                return current;
            }
        }
    }

    /// <summary>The first UID not yet claimed by any session (EXAMINE and STATUS look without claiming).</summary>
    public uint Peek(long mailboxId) => _watermarks.TryGetValue(mailboxId, out var w) ? w : 1;
}
