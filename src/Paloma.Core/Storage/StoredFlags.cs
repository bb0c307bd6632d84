using System.Collections.Concurrent;

namespace Paloma.Storage;

/// <summary>
/// The flags column (space-separated) as a list. Rows with the same column share one array, so a mailbox of
/// thousands of messages holds a handful of flag lists, not one per message; the arrays are never modified.
/// </summary>
internal static class StoredFlags
{
    /// <summary>Enough for every combination of system flags and many keyword sets. Clients choose keywords, so
    /// past it the table starts afresh rather than stop sharing for the life of the process.</summary>
    private const int MaxShared = 4096;

    private static readonly ConcurrentDictionary<string, string[]> s_shared = new(StringComparer.Ordinal);

    public static IReadOnlyList<string> Parse(string column)
    {
        if (column.Length == 0)
        {
            return [];
        }

        if (s_shared.TryGetValue(column, out var shared))
        {
            return shared;
        }

        var flags = column.Split(' ');
        if (s_shared.Count >= MaxShared)
        {
            // Lists handed out before stay valid (they are never modified); they are only no longer shared.
            s_shared.Clear();
        }

        s_shared.TryAdd(column, flags);
        return flags;
    }

    /// <summary>Whether two flag lists hold the same flags (flags are case-insensitive, RFC 3501 §2.3.2); the
    /// shared lists make the common case one reference comparison.</summary>
    public static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        ReferenceEquals(a, b) || (a.Count == b.Count && a.All(f => b.Contains(f, StringComparer.OrdinalIgnoreCase)));
}
