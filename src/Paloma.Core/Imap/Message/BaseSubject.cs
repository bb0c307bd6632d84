using System.Text;

namespace Paloma.Imap.Message;

/// <summary>
/// The "base subject" of RFC 5256 §2.1, used by SORT (SUBJECT) and THREAD: the subject with "Re:", "Fwd:",
/// "[list]" blobs, trailing "(fwd)" and "[fwd: ...]" wrappers removed. Input is already RFC 2047 decoded.
/// </summary>
public static class BaseSubject
{
    /// <summary>Returns the base subject; <paramref name="isReplyOrForward"/> tells whether a subj-refwd, a
    /// "(fwd)" trailer or a "[fwd: ...]" wrapper was removed (RFC 5256 §3, REFERENCES).</summary>
    public static string Extract(string subject, out bool isReplyOrForward)
    {
        isReplyOrForward = false;
        var text = CollapseWhitespace(subject);
        while (true)
        {
            // (2) trailers: "(fwd)" or white space, repeatedly.
            text = RemoveTrailers(text, ref isReplyOrForward);

            // (3)-(5) leaders and blobs, until nothing changes.
            string before;
            do
            {
                before = text;
                text = RemoveLeader(text, ref isReplyOrForward);
                text = RemoveBlob(text);
            }
            while (text != before);

            // (6) "[fwd:" ... "]": unwrap and start again from (2).
            if (text.Length >= 6 && text.StartsWith("[fwd:", StringComparison.OrdinalIgnoreCase) && text[^1] == ']')
            {
                text = text[5..^1];
                isReplyOrForward = true;
                continue;
            }

            return text;
        }
    }

    /// <summary>(1): tabs and continuations become one space; runs of spaces one space.</summary>
    private static string CollapseWhitespace(string subject)
    {
        var builder = new StringBuilder(subject.Length);
        foreach (var c in subject)
        {
            var space = c is ' ' or '\t' or '\r' or '\n';
            if (!space)
            {
                builder.Append(c);
            }
            else if (builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string RemoveTrailers(string text, ref bool isReplyOrForward)
    {
        while (true)
        {
            if (text.EndsWith(' '))
            {
                text = text[..^1];
            }
            else if (text.EndsWith("(fwd)", StringComparison.OrdinalIgnoreCase))
            {
                text = text[..^5];
                isReplyOrForward = true;
            }
            else
            {
                return text;
            }
        }
    }

    /// <summary>subj-leader = (*subj-blob subj-refwd) / WSP; subj-refwd = ("re" / "fw" ["d"]) *WSP [subj-blob] ":".
    /// </summary>
    private static string RemoveLeader(string text, ref bool isReplyOrForward)
    {
        if (text.StartsWith(' '))
        {
            return text[1..];
        }

        var i = 0;
        while (SkipBlob(text, i) is { } afterBlob)
        {
            i = afterBlob;
        }

        if (SkipRefwd(text, i) is { } afterRefwd)
        {
            isReplyOrForward = true;
            return text[afterRefwd..];
        }

        return text;
    }

    private static int? SkipRefwd(string text, int i)
    {
        if (StartsWithAt(text, i, "re"))
        {
            i += 2;
        }
        else if (StartsWithAt(text, i, "fwd"))
        {
            i += 3;
        }
        else if (StartsWithAt(text, i, "fw"))
        {
            i += 2;
        }
        else
        {
            return null;
        }

        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        i = SkipBlob(text, i) ?? i;
        return i < text.Length && text[i] == ':' ? i + 1 : null;
    }

    /// <summary>(4): a leading subj-blob goes when what follows it is not empty.</summary>
    private static string RemoveBlob(string text)
    {
        if (SkipBlob(text, 0) is { } end && end < text.Length)
        {
            return text[end..];
        }

        return text;
    }

    /// <summary>subj-blob = "[" *BLOBCHAR "]" *WSP; returns the index after it, or null.</summary>
    private static int? SkipBlob(string text, int i)
    {
        if (i >= text.Length || text[i] != '[')
        {
            return null;
        }

        var close = text.IndexOfAny(['[', ']'], i + 1);
        if (close < 0 || text[close] != ']')
        {
            return null;
        }

        close++;
        while (close < text.Length && text[close] == ' ')
        {
            close++;
        }

        return close;
    }

    private static bool StartsWithAt(string text, int i, string prefix) =>
        string.Compare(text, i, prefix, 0, prefix.Length, StringComparison.OrdinalIgnoreCase) == 0
        && i + prefix.Length <= text.Length;
}
