using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The envelope of one mail transaction: reverse-path, parameters and accepted forward-paths.</summary>
internal sealed class SmtpTransaction(SmtpPath reversePath, MailParameters parameters)
{
    public SmtpPath ReversePath { get; } = reversePath;

    public MailParameters Parameters { get; } = parameters;

    /// <summary>Accepted recipients in RCPT order, with the user each one is delivered to.</summary>
    public List<(string ForwardPath, long UserId)> Recipients { get; } = [];

    /// <summary>RCPT commands tried, accepted or not; tells "no RCPT yet" (503) from "none valid" (554).</summary>
    public int RcptAttempts { get; set; }
}
