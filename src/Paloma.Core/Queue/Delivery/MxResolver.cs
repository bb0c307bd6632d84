using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace Paloma.Queue.Delivery;

/// <summary>
/// MX, A and AAAA lookups with DnsClient, against <c>[dns] servers</c> or the system's resolvers. DNS failures
/// come back as replies: NXDOMAIN and a null MX are permanent, anything else (SERVFAIL, timeout) transient.
/// </summary>
public sealed class MxResolver
{
    private readonly Lazy<LookupClient> _client;

    public MxResolver(IReadOnlyList<IPEndPoint> servers)
    {
        var options = servers.Count > 0
            ? new LookupClientOptions(servers.Select(s => new NameServer(s)).ToArray())
            : new LookupClientOptions();
        // Retries and caching are the queue's business: a stale answer must not outlive a retry interval.
        options.UseCache = false;
        options.Timeout = TimeSpan.FromSeconds(5);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.ContinueOnEmptyResponse = false;
        // Made on the first query, not here: without [dns] servers the client lists the network interfaces and
        // reads resolv.conf when it is made, which every start (and every reload) would otherwise pay for, often
        // long before the first lookup. PublicationOnly: a failure is retried at the next query, not cached.
        _client = new Lazy<LookupClient>(() => new LookupClient(options), LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>The hosts to try for <paramref name="domain"/> in order, or the reply that ends the attempt.
    /// RFC 5321 §5.1: MX records by preference (equal ones in random order); none at all means the domain
    /// itself (the implicit MX).</summary>
    public async Task<(IReadOnlyList<string> Hosts, SmtpReply? Failure)> LookupMxAsync(string domain,
        CancellationToken ct)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.Value.QueryAsync(domain, QueryType.MX, QueryClass.IN, ct).ConfigureAwait(false);
        }
        catch (DnsResponseException e)
        {
            return ([], SmtpReply.Transient("4.4.3", $"DNS lookup of MX {domain} failed: {e.Message}"));
        }

        if (response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain)
        {
            return ([], SmtpReply.Permanent("5.1.2", $"domain {domain} does not exist (NXDOMAIN)"));
        }

        if (response.HasError)
        {
            return ([], SmtpReply.Transient("4.4.3",
                $"DNS lookup of MX {domain} failed: {response.Header.ResponseCode}"));
        }

        var records = response.Answers.MxRecords().ToList();
        if (records.Count == 0)
        {
            return ([domain], null);
        }

        // RFC 7505 §3.2: a single MX with the root as exchange says the domain takes no mail; bounce at once.
        if (records.Count == 1 && records[0].Exchange.Value.TrimEnd('.').Length == 0)
        {
            return ([], new SmtpReply(556, $"5.1.10 domain {domain} accepts no mail (null MX)"));
        }

        var hosts = records
            .Where(r => r.Exchange.Value.TrimEnd('.').Length > 0)
            .OrderBy(r => r.Preference)
            .ThenBy(_ => Random.Shared.Next())
            .Select(r => r.Exchange.Value.TrimEnd('.'))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return (hosts, null);
    }

    /// <summary>The addresses of a host (an IP literal is its own address); empty when it has none.</summary>
    public async Task<IReadOnlyList<IPAddress>> LookupAddressesAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        var addresses = new List<IPAddress>();
        foreach (var type in new[] { QueryType.A, QueryType.AAAA })
        {
            try
            {
                var response = await _client.Value.QueryAsync(host, type, QueryClass.IN, ct).ConfigureAwait(false);
                addresses.AddRange(response.Answers.OfType<AddressRecord>().Select(a => a.Address));
            }
            catch (DnsResponseException)
            {
                // A host we cannot resolve is skipped like one that refuses connections.
            }
        }

        return addresses;
    }
}
