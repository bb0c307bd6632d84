using System.Globalization;
using Paloma.Policy;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>Turns policy decisions into SMTP replies: the code, enhanced code and text the decision carries
/// (an access map ERROR: entry's are sent verbatim).</summary>
internal static class PolicyReplies
{
    /// <summary>RFC 5321 §3.1: after a 554 greeting the server "SHOULD respond to all commands with '503 bad
    /// sequence of commands'" except QUIT.</summary>
    public static readonly SmtpReply RefusedSession = new(SmtpReplyCode.BadSequence503,
        EnhancedStatusCode.InvalidCommand, "Connection refused by policy; only QUIT is accepted");

    /// <summary>Sendmail's MaxHeadersLength answer is 552 5.6.0 "Headers too large"; RFC 3463 X.6.0.</summary>
    public static readonly SmtpReply HeaderTooLarge = new(SmtpReplyCode.ExceededStorage552,
        EnhancedStatusCode.MediaError, "Header section too large");

    public static SmtpReply ToReply(PolicyDecision decision) =>
        new((SmtpReplyCode)decision.ReplyCode, ParseStatus(decision.EnhancedCode), decision.Text);

    /// <summary>"5.7.1" as an enhanced status code; null when the text is not one (never for policy decisions,
    /// which are validated when the map is read).</summary>
    public static EnhancedStatusCode? ParseStatus(string text)
    {
        var parts = text.Split('.');
        return parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var c)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                ? new EnhancedStatusCode(c, s, d)
                : null;
    }
}
