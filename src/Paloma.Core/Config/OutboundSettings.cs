using System.Net;

namespace Paloma.Config;

/// <summary><c>[relay]</c>: sending all remote mail through one provider (a "smart host").</summary>
public sealed class RelaySettings
{
    /// <summary>"host:port" of the provider, or null to deliver by MX. Port 465 means implicit TLS (RFC 8314
    /// §3.3); any other port uses STARTTLS, which is then required; <see cref="SmartHostTls"/> overrides this.
    /// Default: none.</summary>
    public string? SmartHost { get; set; }

    /// <summary>"implicit" (TLS from the first byte) or "starttls", for a provider whose submissions port is not
    /// 465 (and for tests, which cannot count on binding port 465). Default: none, meaning decided by the port.
    /// </summary>
    public string? SmartHostTls { get; set; }

    /// <summary>A file holding one line "user:password" for AUTH PLAIN at the smart host. Default: none.</summary>
    public string? SmartHostAuthFile { get; set; }

    /// <summary>Check the smart host's certificate against the system trust store. Default true; false only for
    /// test set-ups with self-signed certificates.</summary>
    public bool SmartHostVerifyCertificate { get; set; } = true;
}

/// <summary><c>[queue]</c>: how long and how often the outbound queue retries, and how many connections.</summary>
public sealed class QueueSettings
{
    /// <summary>How long a message may stay in the queue before it bounces. Default 5 days: RFC 5321 §4.5.4.1
    /// asks for at least 4-5 days.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Waits after the 1st, 2nd, ... failed attempt; the last one repeats. RFC 5321 §4.5.4.1 asks for at
    /// least 30 minutes between attempts in general; the first retries come sooner because greylisting clears
    /// after a few minutes. Default 5m, 10m, 20m, 40m, 80m, 160m, 4h.</summary>
    public List<TimeSpan> RetrySchedule { get; set; } =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(40),
        TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(160), TimeSpan.FromHours(4),
    ];

    /// <summary>Age after which a "delayed" DSN goes to the sender (once); zero turns it off. Default 4h.</summary>
    public TimeSpan DelayWarning { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the queue looks for due messages (and for <c>paloma queue flush</c>). Default 5s.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Outbound SMTP connections open at once, in all. Default 20.</summary>
    public int MaxConnections { get; set; } = 20;

    /// <summary>Outbound SMTP connections open at once to one destination. Default 2.</summary>
    public int MaxConnectionsPerDestination { get; set; } = 2;
}

/// <summary><c>[dns]</c>: where MX, A, AAAA and PTR lookups go.</summary>
public sealed class DnsSettings
{
    /// <summary>Resolvers as "address:port"; empty uses the system's resolvers. Default empty.</summary>
    public List<IPEndPoint> Servers { get; set; } = [];

    /// <summary>Seconds the reverse lookup of an SMTP client (PTR and its forward confirmation) may take before the
    /// client is treated as having no name; 1 to 60. Default 5.</summary>
    public int Timeout { get; set; } = 5;

    /// <summary>Whether SMTP looks up (and forward-confirms) the name of each client, for Connect: host-name keys,
    /// relay-domains by client name and the Received: header. Costs one or two queries per connection; turn it off
    /// where no resolver answers. Default true, as Sendmail and Postfix do.</summary>
    public bool ReverseLookup { get; set; } = true;
}

/// <summary><c>[transport]</c>: per-domain routes and the SMTP client's connection rules.</summary>
public sealed class TransportSettings
{
    /// <summary>Fixed next hops by recipient domain, like Sendmail's mailertable: domain to "host:port". A key
    /// starting with "." matches every subdomain. Default empty.</summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>TCP port for deliveries found by MX lookup. Default 25 (RFC 5321 §4.5.4.2); tests change it.</summary>
    public int SmtpPort { get; set; } = 25;

    /// <summary>Refuse to deliver by MX or transport route without STARTTLS. Default false: opportunistic TLS,
    /// any certificate accepted (RFC 7435).</summary>
    public bool RequireTls { get; set; }

    /// <summary>Seconds to wait for a TCP connection. Default 30.</summary>
    public int ConnectTimeout { get; set; } = 30;

    /// <summary>Seconds to wait for each reply. RFC 5321 §4.5.3.2 asks for 5 minutes (10 after DATA's end).
    /// Default 300.</summary>
    public int CommandTimeout { get; set; } = 300;
}
