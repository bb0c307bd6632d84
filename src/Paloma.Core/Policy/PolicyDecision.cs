namespace Paloma.Policy;

/// <summary>The answer of a policy check. It carries the SMTP reply to send, never a bare bool, so the SMTP
/// layer cannot lose the reason or the code (STYLE point 8). <see cref="Reason"/> is for the log line only
/// (which rule decided), never sent to the client.</summary>
public sealed record PolicyDecision(
    PolicyVerdict Verdict,
    int ReplyCode,
    string EnhancedCode,
    string Text,
    string? Reason = null)
{
    /// <summary>The plain acceptance; the SMTP layer keeps its own 250 text.</summary>
    public static PolicyDecision Accept { get; } = new(PolicyVerdict.Accept, 250, "2.0.0", "OK");

    /// <summary>A 4xx answer: the client should retry. The queue and the SMTP layer decide on this alone.</summary>
    public bool IsTransient => Verdict == PolicyVerdict.TempFail;

    public bool IsAccepted => Verdict is PolicyVerdict.Accept or PolicyVerdict.Discard;

    public static PolicyDecision Accepted(string reason) => Accept with { Reason = reason };

    public static PolicyDecision Reject(int replyCode, string enhancedCode, string text, string? reason = null)
    {
        if (replyCode is < 500 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(replyCode), replyCode, "a rejection needs a 5xx code");
        }

        return new(PolicyVerdict.Reject, replyCode, enhancedCode, text, reason);
    }

    public static PolicyDecision TempFail(int replyCode, string enhancedCode, string text, string? reason = null)
    {
        if (replyCode is < 400 or > 499)
        {
            throw new ArgumentOutOfRangeException(nameof(replyCode), replyCode, "a temporary failure needs a 4xx code");
        }

        return new(PolicyVerdict.TempFail, replyCode, enhancedCode, text, reason);
    }

    /// <summary>Accept and drop. The client sees a normal 250 (Sendmail cf/README, access database: "DISCARD
    /// Discard the message completely using the $#discard mailer").</summary>
    public static PolicyDecision Discard(string? reason = null) =>
        new(PolicyVerdict.Discard, 250, "2.0.0", "OK", reason);

    /// <summary>"550 5.7.1 Relaying denied" and the like, as one line for logs and tests.</summary>
    public override string ToString() => $"{ReplyCode} {EnhancedCode} {Text}";
}
