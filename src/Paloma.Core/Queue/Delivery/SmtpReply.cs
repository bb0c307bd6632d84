using System.Globalization;
using System.Text.RegularExpressions;

namespace Paloma.Queue.Delivery;

/// <summary>
/// A reply from the next hop, or one we make up for a failure that has no reply (connection refused, DNS
/// error). <see cref="IsTransient"/> is the one place that decides retry against bounce (RFC 5321 §4.2.1:
/// 4yz is a transient negative completion, 5yz a permanent one).
/// </summary>
public sealed partial record SmtpReply(int Code, string Text)
{
    public bool IsTransient => Code / 100 == 4;

    public bool IsPositive => Code / 100 is 2 or 3;

    /// <summary>The RFC 3463 status from the text (RFC 2034), or the generic one for the reply class.</summary>
    public string EnhancedStatus
    {
        get
        {
            var match = EnhancedStatusPattern().Match(Text);
            return match.Success && match.Value[0] - '0' == Code / 100
                ? match.Value
                : $"{Code / 100}.0.0";
        }
    }

    public static SmtpReply Transient(string status, string text) => new(451, $"{status} {text}");

    public static SmtpReply Permanent(string status, string text) => new(550, $"{status} {text}");

    public override string ToString() => Code.ToString(CultureInfo.InvariantCulture) + " " + Text;

    [GeneratedRegex(@"^[245]\.\d{1,3}\.\d{1,3}")]
    private static partial Regex EnhancedStatusPattern();
}

/// <summary>A failure of the whole SMTP session (connection, greeting, TLS), carrying the reply that describes
/// it, so the caller applies it to every recipient of the attempt.</summary>
public sealed class SmtpSessionException(SmtpReply reply, Exception? inner = null)
    : Exception(reply.ToString(), inner)
{
    public SmtpReply Reply { get; } = reply;

    public bool IsTransient => Reply.IsTransient;
}
