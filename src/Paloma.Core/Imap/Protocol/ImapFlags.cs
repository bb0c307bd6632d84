namespace Paloma.Imap.Protocol;

/// <summary>The system flags of RFC 3501 §2.3.2.</summary>
public static class ImapFlags
{
    public const string Seen = @"\Seen";
    public const string Answered = @"\Answered";
    public const string Flagged = @"\Flagged";
    public const string Deleted = @"\Deleted";
    public const string Draft = @"\Draft";
    public const string Recent = @"\Recent";

    /// <summary>The flags a client may set; \Recent is the server's alone.</summary>
    public static readonly string[] Settable = [Answered, Flagged, Deleted, Seen, Draft];

    public static string Canonical(string flag)
    {
        // A loop, not LINQ: every flag of every message in a FETCH response goes through here.
        if (flag.Length == 0 || flag[0] != '\\')
        {
            return flag;
        }

        foreach (var system in Settable)
        {
            if (system.Equals(flag, StringComparison.OrdinalIgnoreCase))
            {
                return system;
            }
        }

        return flag.Equals(Recent, StringComparison.OrdinalIgnoreCase) ? Recent : flag;
    }

    public static bool IsSettableSystemFlag(string flag) =>
        Settable.Any(f => f.Equals(flag, StringComparison.OrdinalIgnoreCase));
}
