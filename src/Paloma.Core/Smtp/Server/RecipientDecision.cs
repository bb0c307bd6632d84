using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The answer to one RCPT: the reply, the local users the message goes to, and the remote targets
/// (relayed recipients and remote alias targets).</summary>
/// <param name="RemoteTargets">The seam for the outbound queue: the data phase hands these to it. Until the
/// queue exists, <see cref="RecipientResolver"/> refuses them with 451 4.4.0 and this list is empty whenever
/// the reply is 250.</param>
/// <param name="Discard">Accepted with 250 and then dropped (access map DISCARD).</param>
internal sealed record RecipientDecision(
    SmtpReply Reply,
    IReadOnlyList<long> UserIds,
    IReadOnlyList<string> RemoteTargets,
    bool Discard = false,
    string? Reason = null)
{
    public bool IsAccepted => Reply.Code == SmtpReplyCode.Ok250;

    public static RecipientDecision Refuse(SmtpReply reply, string? reason = null) => new(reply, [], [], false, reason);
}
