using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>The sender domain check Sendmail makes unless FEATURE(accept_unresolvable_domains) is set: the
/// domain of a MAIL FROM address must have an MX record or an address record (RFC 5321 §5.1: mail to it could
/// otherwise never be answered). NXDOMAIN and "no such records" are permanent (553 5.1.8, RFC 3463 X.1.8 "bad
/// sender's system address"); a DNS failure or timeout is temporary (451 4.1.8), so that a resolver outage
/// never turns into bounces.</summary>
public sealed class SenderDomainCheck
{
    private readonly Lazy<LookupClient> _client;

    /// <param name="servers">Resolvers to ask; empty means the system's.</param>
    public SenderDomainCheck(IReadOnlyList<IPEndPoint> servers)
    {
        var options = servers.Count == 0 ? new LookupClientOptions() : new LookupClientOptions([.. servers]);
        options.UseCache = true;
        options.Timeout = TimeSpan.FromSeconds(5);
        options.Retries = 1;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        // Made on the first query: without [dns] servers, making it reads the system's resolvers (see MxResolver).
        _client = new Lazy<LookupClient>(() => new LookupClient(options), LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>Checks an A-label (or ASCII) domain name.</summary>
    public async Task<PolicyDecision> CheckAsync(string domain, CancellationToken ct)
    {
        try
        {
            var mx = await _client.Value.QueryAsync(domain, QueryType.MX, QueryClass.IN, ct).ConfigureAwait(false);
            if (Outcome(mx, domain) is { } mxDecision)
            {
                return mxDecision;
            }

            if (mx.Answers.OfType<MxRecord>().Any())
            {
                return PolicyDecision.Accepted("sender domain has MX");
            }

            // RFC 5321 §5.1: without MX records the domain's address records are its implicit MX.
            foreach (var type in new[] { QueryType.A, QueryType.AAAA })
            {
                var address = await _client.Value.QueryAsync(domain, type, QueryClass.IN, ct).ConfigureAwait(false);
                if (Outcome(address, domain) is { } addressDecision)
                {
                    return addressDecision;
                }

                if (address.Answers.OfType<AddressRecord>().Any())
                {
                    return PolicyDecision.Accepted("sender domain has address records");
                }
            }

            return PolicyDecision.Reject(553, "5.1.8", "Domain of sender address does not resolve",
                $"{domain}: no MX, A or AAAA records");
        }
        catch (DnsResponseException e)
        {
            return TempFail(domain, e.Message);
        }
    }

    private static PolicyDecision? Outcome(IDnsQueryResponse response, string domain) =>
        response.Header.ResponseCode switch
        {
            DnsHeaderResponseCode.NoError => null,
            DnsHeaderResponseCode.NotExistentDomain => PolicyDecision.Reject(553, "5.1.8",
                "Domain of sender address does not exist", $"{domain}: NXDOMAIN"),
            var code => TempFail(domain, code.ToString()),
        };

    private static PolicyDecision TempFail(string domain, string detail) =>
        PolicyDecision.TempFail(451, "4.1.8", "Domain of sender address does not resolve; try again later",
            $"{domain}: DNS failure: {detail}");
}
