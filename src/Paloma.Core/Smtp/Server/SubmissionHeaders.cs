namespace Paloma.Smtp.Server;

/// <summary>Finds Date: and Message-ID: in a message's header section (RFC 5322 §3.6), for the submission rules
/// of RFC 6409 §8.</summary>
internal static class SubmissionHeaders
{
    /// <param name="header">The header fields, each ending with CRLF, without the empty line after them.</param>
    public static (bool HasDate, bool HasMessageId) Scan(string header)
    {
        bool date = false, messageId = false;
        foreach (var rawLine in header.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');

            // RFC 5322 §2.2: field-name ":" — continuation lines start with white space and are skipped.
            var colon = line.IndexOf(':');
            if (colon <= 0 || line[0] is ' ' or '\t')
            {
                continue;
            }

            var name = line[..colon].TrimEnd(' ');
            date |= name.Equals("Date", StringComparison.OrdinalIgnoreCase);
            messageId |= name.Equals("Message-ID", StringComparison.OrdinalIgnoreCase);
        }

        return (date, messageId);
    }
}
