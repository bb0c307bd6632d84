using Paloma.Smtp.Protocol;
using static Paloma.Smtp.Protocol.SmtpVerb;

namespace Paloma.Smtp.Server;

/// <summary>
/// Which commands each state allows. The dispatcher asks this table once per command, and every "bad
/// sequence" reply (503 5.5.1, RFC 5321 §4.3.2) comes from here.
/// </summary>
internal static class SmtpStateTable
{
    // BDAT is let through everywhere so that its handler reads the chunk before refusing it (RFC 3030 §2, C06).
    private static readonly SmtpVerb[] s_always = [Ehlo, Helo, Rset, Noop, Quit, Help, Vrfy, Expn, Bdat];

    private static readonly Dictionary<SmtpState, HashSet<SmtpVerb>> s_allowed = new()
    {
        [SmtpState.Connected] = [.. s_always],
        // RFC 3207 §4 and RFC 4954 §4: STARTTLS and AUTH only between transactions, after EHLO.
        [SmtpState.Greeted] = [.. s_always, Mail, StartTls, Auth],
        // DATA without an accepted recipient is answered by the DATA handler itself (554 or 503, RFC 2920 §3.1).
        [SmtpState.InTransaction] = [.. s_always, Rcpt, Data],
        [SmtpState.HasRecipients] = [.. s_always, Rcpt, Data],
        [SmtpState.Refused] = [Quit],
    };

    /// <summary>Null when <paramref name="verb"/> may run in <paramref name="state"/>, else the 503 reply.</summary>
    public static SmtpReply? Check(SmtpState state, SmtpVerb verb)
    {
        if (s_allowed[state].Contains(verb))
        {
            return null;
        }

        return (state, verb) switch
        {
            (SmtpState.Refused, _) => PolicyReplies.RefusedSession,
            (SmtpState.Connected, _) => SmtpReply.NeedHelo,
            (SmtpState.Greeted, _) => SmtpReply.NeedMail,
            (_, Mail) => SmtpReply.NestedMail,
            _ => SmtpReply.BadSequence,
        };
    }
}
