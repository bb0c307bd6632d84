namespace Paloma.Imap.Protocol;

/// <summary>
/// LIST and LSUB patterns (RFC 3501 §6.3.8): "*" matches anything, "%" anything but the hierarchy delimiter.
/// Patterns are matched against the names as they go on the wire (modified UTF-7), so a pattern never has to be
/// decoded, and an invalid one simply matches nothing (C32 a7).
/// </summary>
public sealed class MailboxPattern
{
    private readonly string _pattern;

    public MailboxPattern(string reference, string pattern)
    {
        _pattern = CanonicalInbox(reference + pattern);
    }

    public bool Matches(string wireName)
    {
        var name = CanonicalInbox(wireName);
        // Dynamic programming over (pattern position, name position): linear memory, no backtracking blow-up.
        var current = new bool[name.Length + 1];
        current[0] = true;
        foreach (var p in _pattern)
        {
            var next = new bool[name.Length + 1];
            if (p is '*' or '%')
            {
                var reachable = false;
                for (var i = 0; i <= name.Length; i++)
                {
                    reachable |= current[i];
                    next[i] = reachable;
                    if (p == '%' && i < name.Length && name[i] == MailboxName.Delimiter)
                    {
                        reachable = false;
                    }
                }
            }
            else
            {
                for (var i = 0; i < name.Length; i++)
                {
                    next[i + 1] = current[i] && name[i] == p;
                }
            }

            current = next;
        }

        return current[name.Length];
    }

    /// <summary>RFC 3501 §5.1: "INBOX" is case-insensitive, also as the first component of a pattern.</summary>
    private static string CanonicalInbox(string text) =>
        text.Length >= 5 && text.StartsWith("INBOX", StringComparison.OrdinalIgnoreCase)
            && (text.Length == 5 || text[5] == MailboxName.Delimiter)
            ? "INBOX" + text[5..]
            : text;
}
