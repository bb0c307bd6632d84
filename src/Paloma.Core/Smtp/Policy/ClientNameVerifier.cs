using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;

namespace Paloma.Smtp.Policy;

/// <summary>
/// The client's host name as Sendmail establishes it for <c>Connect:</c> host-name keys and relay-domains: the PTR
/// name of the client address, kept only when it forward-confirms (one of the name's A or AAAA records is the
/// client address; RFC 1912 §2.1 asks every PTR to have a matching address record, and without the check anyone
/// who controls the reverse zone of their own address could claim any name). A timeout or DNS failure gives no
/// name; it never refuses a client by itself.
/// </summary>
public sealed class ClientNameVerifier
{
    /// <summary>PTR names tried at most; an address with more is unusual and each costs a query.</summary>
    private const int MaxNames = 4;

    private readonly Lazy<LookupClient> _client;
    private readonly TimeSpan _timeout;

    /// <param name="servers">Resolvers to ask; empty means the system's.</param>
    /// <param name="timeout">Bound on the whole lookup, reverse and forward together.</param>
    public ClientNameVerifier(IReadOnlyList<IPEndPoint> servers, TimeSpan timeout)
    {
        var options = servers.Count == 0 ? new LookupClientOptions() : new LookupClientOptions([.. servers]);
        options.UseCache = true;
        options.Timeout = timeout;
        options.Retries = 0;
        options.ThrowDnsErrors = false;
        options.ContinueOnDnsError = false;
        options.UseTcpFallback = true;
        // Made on the first query: without [dns] servers, making it reads the system's resolvers (see MxResolver).
        _client = new Lazy<LookupClient>(() => new LookupClient(options), LazyThreadSafetyMode.PublicationOnly);
        _timeout = timeout;
    }

    /// <summary>The forward-confirmed name of <paramref name="client"/> (lower case, no trailing dot), or null.
    /// </summary>
    public async Task<string?> VerifyAsync(IPAddress client, CancellationToken ct)
    {
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(_timeout);
        try
        {
            var reverse = await _client.Value.QueryReverseAsync(address, bounded.Token).ConfigureAwait(false);
            if (reverse.HasError)
            {
                return null;
            }

            var type = address.AddressFamily == AddressFamily.InterNetworkV6 ? QueryType.AAAA : QueryType.A;
            foreach (var ptr in reverse.Answers.PtrRecords().Take(MaxNames))
            {
                var name = ptr.PtrDomainName.Value.TrimEnd('.').ToLowerInvariant();
                if (name.Length == 0)
                {
                    continue;
                }

                var forward = await _client.Value.QueryAsync(name, type, QueryClass.IN, bounded.Token)
                    .ConfigureAwait(false);
                if (!forward.HasError && forward.Answers.OfType<AddressRecord>().Any(a => a.Address.Equals(address)))
                {
                    return name;
                }
            }

            return null;
        }
        catch (Exception e) when (e is DnsResponseException or OperationCanceledException or SocketException
                                      or ArgumentException)
        {
            // Whatever went wrong, the client simply has no verified name (Sendmail: "may be forged" / unknown);
            // a stop or timeout of the session itself is seen again by its next read.
            return null;
        }
    }
}
