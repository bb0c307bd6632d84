using System.Net;
using Paloma.Config;

namespace Paloma.Queue.Delivery;

/// <summary>
/// Delivers a batch of messages for one destination over one connection: tries the route's hosts in order
/// (and each host's addresses) until one greets us, then sends every message on that connection. Results are
/// handed to <c>record</c> as soon as each transaction ends, so that a recipient is marked delivered right
/// after the remote 250.
/// </summary>
public sealed class RemoteDelivery(PalomaConfig config, MxResolver resolver)
{
    public async Task DeliverAsync(Route route, IReadOnlyList<QueueEntry> batch,
        Func<IReadOnlyList<DeliveryResult>, Task> record, CancellationToken ct)
    {
        SmtpClientSession? session;
        try
        {
            session = await OpenAsync(route, ct).ConfigureAwait(false);
        }
        catch (SmtpSessionException e)
        {
            foreach (var entry in batch)
            {
                await record(entry.Recipients.Select(r => new DeliveryResult(r, e.Reply, null, false)).ToList())
                    .ConfigureAwait(false);
            }

            return;
        }

        await using (session.ConfigureAwait(false))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    await record(await SendAsync(session, batch[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
                }
                catch (SmtpSessionException e)
                {
                    // The connection is gone: this message and the rest wait for the next attempt.
                    foreach (var entry in batch.Skip(i))
                    {
                        await record(entry.Recipients.Select(r => new DeliveryResult(r, e.Reply, session.Host, false))
                            .ToList()).ConfigureAwait(false);
                    }

                    return;
                }
            }

            await session.QuitAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<DeliveryResult>> SendAsync(SmtpClientSession session, QueueEntry entry,
        CancellationToken ct)
    {
        var (message, recipients) = (entry.Message, entry.Recipients);
        IReadOnlyList<DeliveryResult> FailAll(SmtpReply reply) =>
            recipients.Select(r => new DeliveryResult(r, reply, session.Host, false)).ToList();

        var smtpUtf8 = ContentRules.NeedsSmtpUtf8(message, recipients);
        if (smtpUtf8 && !session.Supports("SMTPUTF8"))
        {
            // RFC 6531 §3.2: without SMTPUTF8 at the next hop, a message that needs it is not sent but bounced.
            return FailAll(new SmtpReply(553, $"5.6.7 SMTPUTF8 is needed but {session.Host} does not offer it"));
        }

        var eightBit = ContentRules.HasEightBit(message.Path);
        Stream content;
        if (eightBit && !session.Supports("8BITMIME") && !smtpUtf8)
        {
            var downgraded = ContentRules.DowngradeToSevenBit(message.Path);
            if (downgraded is null)
            {
                return FailAll(new SmtpReply(554,
                    $"5.6.3 8-bit headers cannot be converted for {session.Host}, which lacks 8BITMIME"));
            }

            content = downgraded;
            eightBit = false;
        }
        else
        {
            content = File.OpenRead(message.Path);
        }

        await using (content.ConfigureAwait(false))
        {
            if (session.Extensions.TryGetValue("SIZE", out var max) && long.TryParse(max, out var limit)
                && limit > 0 && content.Length > limit)
            {
                // RFC 1870 §6: a message over the announced fixed limit would be refused; bounce it now.
                return FailAll(new SmtpReply(552, $"5.3.4 message size exceeds the limit of {session.Host}"));
            }

            return await session.SendAsync(message, recipients, content, eightBit && session.Supports("8BITMIME"),
                smtpUtf8, ct).ConfigureAwait(false);
        }
    }

    private async Task<SmtpClientSession> OpenAsync(Route route, CancellationToken ct)
    {
        var connectTimeout = TimeSpan.FromSeconds(config.Transport.ConnectTimeout);
        var commandTimeout = TimeSpan.FromSeconds(config.Transport.CommandTimeout);
        var helo = config.Server.Hostname;
        SmtpReply? last = null;
        foreach (var host in route.Hosts)
        {
            foreach (var address in await resolver.LookupAddressesAsync(host, ct).ConfigureAwait(false))
            {
                SmtpClientSession? session = null;
                try
                {
                    session = await SmtpClientSession.ConnectAsync(new IPEndPoint(address, route.Port), host,
                        route.ImplicitTls, route.VerifyCertificate, helo, connectTimeout, commandTimeout, ct)
                        .ConfigureAwait(false);
                    await SecureAsync(session, route, helo, ct).ConfigureAwait(false);
                    return session;
                }
                catch (SmtpSessionException e) when (e.IsTransient)
                {
                    // RFC 5321 §5.1: on a connection failure or a 4yz greeting, try the next address or MX host.
                    last = e.Reply;
                    if (session is not null)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                    }
                }
                catch (SmtpSessionException)
                {
                    if (session is not null)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                    }

                    throw;
                }
            }
        }

        throw new SmtpSessionException(last ?? SmtpReply.Transient("4.4.4",
            $"no address found for {string.Join(", ", route.Hosts)}"));
    }

    private static async Task SecureAsync(SmtpClientSession session, Route route, string helo, CancellationToken ct)
    {
        if (!session.IsTls && session.Supports("STARTTLS"))
        {
            await session.StartTlsAsync(route.VerifyCertificate, helo, ct).ConfigureAwait(false);
        }

        if (route.RequireTls && !session.IsTls)
        {
            throw new SmtpSessionException(SmtpReply.Transient("4.7.10",
                $"TLS is required but {session.Host} does not offer STARTTLS"));
        }

        if (route.Credential is { } credential)
        {
            await session.AuthenticateAsync(credential, ct).ConfigureAwait(false);
        }
    }
}
