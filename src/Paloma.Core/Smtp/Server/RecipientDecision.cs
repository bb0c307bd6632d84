using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The answer to one RCPT: the reply, the local users the message goes to, and the remote targets
/// (relayed recipients and remote alias targets) that the data phase hands to the outbound queue.</summary>
/// <param name="UserIds">The local users, delivered to their mailboxes directly.</param>
/// <param name="UserAddresses">The same users' addresses, in the same order: the queue delivers by address when
/// a "delivered" DSN is wanted (NOTIFY=SUCCESS).</param>
/// <param name="RemoteTargets">Addresses for the outbound queue. Without a queue (a context built without one)
/// <see cref="RecipientResolver"/> refuses them with 451 4.4.0 instead.</param>
/// <param name="Discard">Accepted with 250 and then dropped (access map DISCARD).</param>
internal sealed record RecipientDecision(
    SmtpReply Reply,
    IReadOnlyList<long> UserIds,
    IReadOnlyList<string> RemoteTargets,
    bool Discard = false,
    string? Reason = null)
{
    public bool IsAccepted => Reply.Code == SmtpReplyCode.Ok250;

    public IReadOnlyList<string> UserAddresses { get; init; } = [];

    public static RecipientDecision Refuse(SmtpReply reply, string? reason = null) => new(reply, [], [], false, reason);
}
