using Paloma.Queue;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// Where one accepted message goes: local users' mailboxes directly, and everything else through one entry of
/// the outbound queue with its DSN parameters (RFC 3461 §5.2.1: a relay passes them on unchanged). Local
/// recipients that asked for NOTIFY=SUCCESS also go through the queue, by their account address, so that its
/// report mechanism sends the "delivered" DSN (RFC 3461 §6.2.1 a); it delivers them to the same INBOX.
/// </summary>
internal sealed class DeliveryPlan
{
    private DeliveryPlan(IReadOnlyCollection<long> localUsers, IReadOnlyList<OutboundRecipient> queued)
    {
        LocalUsers = localUsers;
        Queued = queued;
    }

    /// <summary>Users whose mailbox gets the message now, before the 250.</summary>
    public IReadOnlyCollection<long> LocalUsers { get; }

    /// <summary>Recipients of the queue entry; empty when nothing goes to the queue.</summary>
    public IReadOnlyList<OutboundRecipient> Queued { get; }

    public bool IsEmpty => LocalUsers.Count == 0 && Queued.Count == 0;

    public static DeliveryPlan For(SmtpTransaction transaction)
    {
        var local = new HashSet<long>();
        var viaQueue = new HashSet<long>();
        var queued = new List<OutboundRecipient>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in transaction.Recipients)
        {
            var notify = Notify(r.Dsn?.Notify);
            var forwardPath = r.ForwardPath.Trim('<', '>');
            var orcpt = Orcpt(r.Dsn?.OriginalRecipient);
            var wantsSuccess = notify.HasFlag(DsnNotify.Success);
            for (var i = 0; i < r.UserIds.Count; i++)
            {
                if (!wantsSuccess)
                {
                    local.Add(r.UserIds[i]);
                    continue;
                }

                viaQueue.Add(r.UserIds[i]);
                Add(r.UserAddresses[i], forwardPath);
            }

            foreach (var target in r.RemoteTargets)
            {
                Add(target, forwardPath);
            }

            void Add(string address, string original)
            {
                // RFC 3461 §4.2: an expanded alias keeps the address the client gave as its original recipient.
                var original822 = orcpt ?? (address.Equals(original, StringComparison.OrdinalIgnoreCase)
                    ? null
                    : "rfc822;" + original);
                if (seen.Add(address))
                {
                    queued.Add(new OutboundRecipient(address, notify, original822));
                }
            }
        }

        // A user reached both with and without NOTIFY=SUCCESS gets one copy, the one that is reported on.
        local.ExceptWith(viaQueue);
        return new DeliveryPlan(local, queued);
    }

    /// <summary>The queue's envelope: reverse-path, ENVID and RET decoded, the body and SMTPUTF8 flags.</summary>
    public OutboundEnvelope Envelope(SmtpTransaction transaction, string queueId)
    {
        var parameters = transaction.Parameters;
        return new OutboundEnvelope(transaction.ReversePath.Address?.ToString() ?? "", Queued)
        {
            Id = queueId,
            EnvelopeId = parameters.EnvelopeId is { } envid ? DsnParameters.DecodeXtext(envid) : null,
            Return = parameters.Ret switch
            {
                "FULL" => DsnReturn.Full,
                "HDRS" => DsnReturn.Headers,
                _ => DsnReturn.Unspecified,
            },
            // The queue has no binary flag: BINARYMIME content is 8-bit to it
            // (docs/configuration.md, "ESMTP extensions").
            EightBitMime = parameters.Body is "8BITMIME" or "BINARYMIME",
            SmtpUtf8 = parameters.SmtpUtf8,
        };
    }

    private static DsnNotify Notify(string? notify)
    {
        if (notify is null)
        {
            return DsnNotify.Unspecified;
        }

        var flags = DsnNotify.Unspecified;
        foreach (var item in notify.Split(','))
        {
            flags |= item switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => DsnNotify.Unspecified,
            };
        }

        return flags;
    }

    /// <summary>ORCPT as the queue keeps it: "addr-type;address" with the xtext decoded.</summary>
    private static string? Orcpt(string? orcpt)
    {
        if (orcpt is null)
        {
            return null;
        }

        var semicolon = orcpt.IndexOf(';');
        return orcpt[..(semicolon + 1)] + DsnParameters.DecodeXtext(orcpt[(semicolon + 1)..]);
    }
}
