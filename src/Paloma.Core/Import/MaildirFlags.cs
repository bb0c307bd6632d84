namespace Paloma.Import;

/// <summary>The flags in a Maildir file name's info part (":2,FRS"), as IMAP flags. P (passed) has no system
/// flag and becomes the $Forwarded keyword (RFC 5788 registry); lower-case letters are Dovecot keywords whose
/// names live in dovecot-keywords, which is not read, so they are left out.</summary>
internal static class MaildirFlags
{
    public static List<string> FromFileName(string fileName)
    {
        var flags = new List<string>();
        var info = fileName.LastIndexOf(":2,", StringComparison.Ordinal);
        if (info < 0)
        {
            return flags;
        }

        foreach (var letter in fileName[(info + 3)..])
        {
            var flag = letter switch
            {
                'P' => "$Forwarded",
                'R' => "\\Answered",
                'S' => "\\Seen",
                'T' => "\\Deleted",
                'D' => "\\Draft",
                'F' => "\\Flagged",
                _ => null,
            };
            if (flag is not null && !flags.Contains(flag))
            {
                flags.Add(flag);
            }
        }

        return flags;
    }

    /// <summary>The unique part of a Maildir file name: what stays the same when a client moves the file from
    /// new/ to cur/ or changes its flags.</summary>
    public static string UniqueName(string fileName)
    {
        var colon = fileName.IndexOf(':');
        return colon < 0 ? fileName : fileName[..colon];
    }
}
