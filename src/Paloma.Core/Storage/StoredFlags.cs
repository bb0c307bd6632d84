using System.Collections.Concurrent;

namespace Paloma.Storage;

/// <summary>
/// The flags column (space-separated) as a list. Rows with the same column share one array, so a mailbox of
/// thousands of messages holds a handful of flag lists, not one per message; the arrays are never modified.
/// </summary>
internal static class StoredFlags
{
    /// <summary>Enough for every combination of system flags and many keyword sets; past it, lists are not shared.
    /// </summary>
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
        if (s_shared.Count < MaxShared)
        {
            s_shared.TryAdd(column, flags);
        }

        return flags;
    }
}
