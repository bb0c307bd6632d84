using System.Net;

namespace Paloma.Config;

/// <summary>
/// The effective configuration: embedded defaults overlaid with what the TOML file sets. Each property's
/// default is the value a fresh <c>paloma run</c> uses; see docs/configuration.md for the whole table.
/// </summary>
public sealed class PalomaConfig
{
    /// <summary>The file this configuration came from, or null for the embedded defaults.</summary>
    public string? SourceFile { get; set; }

    public ServerSettings Server { get; } = new();

    public ListenSettings Listen { get; } = new();

    public LimitSettings Limits { get; } = new();

    public SmtpSettings Smtp { get; } = new();

    public ImapSettings Imap { get; } = new();

    public Pop3Settings Pop3 { get; } = new();

    public QuotaSettings Quota { get; } = new();

    public LogSettings Log { get; } = new();

    public RelaySettings Relay { get; } = new();

    public QueueSettings Queue { get; } = new();

    public DnsSettings Dns { get; } = new();

    public TransportSettings Transport { get; } = new();

    public MetricsSettings Metrics { get; } = new();

    public DomainSettings Domains { get; } = new();

    public AccessSettings Access { get; } = new();

    public AliasSettings Aliases { get; } = new();

    public MasqueradeSettings Masquerade { get; } = new();


    public TlsSettings Tls { get; } = new();

    public AuthSettings Auth { get; } = new();

    public SubmissionSettings Submission { get; } = new();

    /// <summary>The data directory as an absolute path (relative paths are taken from the working directory).</summary>
    public string DataDirectory => Path.GetFullPath(Server.DataDir);

    /// <summary>Where the running server writes its process id: <c>server.pid_file</c>, else
    /// {data_dir}/paloma.pid.</summary>
    public string PidFilePath => Path.GetFullPath(Server.PidFile ?? Path.Combine(DataDirectory, "paloma.pid"));

    /// <summary>Where <c>paloma start</c> sends the daemon's output: <c>server.log_file</c>, else
    /// {data_dir}/paloma.log.</summary>
    public string LogFilePath => Path.GetFullPath(Server.LogFile ?? Path.Combine(DataDirectory, "paloma.log"));

    /// <summary>The control socket of the running server (status, reload, stop); always in the data directory.
    /// </summary>
    public string ControlSocketPath => Path.Combine(DataDirectory, "control.sock");
}

public sealed class ServerSettings
{
    private string? _hostname;

    /// <summary>The name used in greetings and Received: headers. Default: the machine's host name, looked up
    /// when first read, so that a configured name costs no lookup (nor loading the resolver) at start-up.
    /// </summary>
    public string Hostname
    {
        get => _hostname ??= DefaultHostname();
        set => _hostname = value;
    }

    /// <summary>Where the database and message files live. Default: <c>./paloma-data</c>.</summary>
    public string DataDir { get; set; } = "./paloma-data";

    /// <summary>The pid file; null means {data_dir}/paloma.pid.</summary>
    public string? PidFile { get; set; }

    /// <summary>The daemon's log file for <c>paloma start</c>; null means {data_dir}/paloma.log.</summary>
    public string? LogFile { get; set; }

    /// <summary>Seconds a stop waits for sessions in flight (an SMTP DATA transfer, say) to finish before the
    /// process exits anyway. Default 30.</summary>
    public int StopGrace { get; set; } = 30;

    /// <summary>Where mail to postmaster of a local domain goes when no user or alias of that domain is named
    /// postmaster (RFC 5321 §4.5.1 requires the mailbox). Null: the domain's oldest account. Default: none.
    /// </summary>
    public string? Postmaster { get; set; }

    private static string DefaultHostname()
    {
        try
        {
            var name = Dns.GetHostName();
            return string.IsNullOrWhiteSpace(name) ? "localhost" : name;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return "localhost";
        }
    }
}

/// <summary>Listening addresses per protocol; an empty list disables that protocol.</summary>
public sealed class ListenSettings
{
    public List<IPEndPoint> Smtp { get; set; } = [new(IPAddress.Loopback, 2525)];

    public List<IPEndPoint> Imap { get; set; } = [new(IPAddress.Loopback, 1143)];

    public List<IPEndPoint> Pop3 { get; set; } = [new(IPAddress.Loopback, 1110)];

    /// <summary>Message submission with STARTTLS (RFC 6409); production uses port 587.</summary>
    public List<IPEndPoint> Submission { get; set; } = [new(IPAddress.Loopback, 2587)];

    /// <summary>Message submission over implicit TLS (RFC 8314 §3.3); production uses port 465.</summary>
    public List<IPEndPoint> Submissions { get; set; } = [new(IPAddress.Loopback, 2465)];

    /// <summary>IMAP over implicit TLS (RFC 8314 §3.2); production uses port 993.</summary>
    public List<IPEndPoint> Imaps { get; set; } = [new(IPAddress.Loopback, 1993)];

    /// <summary>POP3 over implicit TLS (RFC 8314 §3.2); production uses port 995.</summary>
    public List<IPEndPoint> Pop3s { get; set; } = [new(IPAddress.Loopback, 1995)];
}

public sealed class LimitSettings
{
    /// <summary>Largest message accepted, in octets; advertised as SIZE (RFC 1870). Default 25 MiB.</summary>
    public long MaxMessageBytes { get; set; } = 26_214_400;

    /// <summary>RCPT commands accepted per transaction. RFC 5321 §4.5.3.1.8 requires at least 100.</summary>
    public int MaxRecipientsPerMessage { get; set; } = 100;

    /// <summary>Largest header section of a message, in octets (Sendmail's MaxHeadersLength). Default 64 KiB.
    /// </summary>
    public int MaxHeaderBytes { get; set; } = 65_536;

    /// <summary>Concurrent SMTP connections (Sendmail's MaxDaemonChildren); 0 means no limit. Default 1000.</summary>
    public int MaxConnections { get; set; } = 1000;

    /// <summary>New SMTP connections a second from all clients (Sendmail's ConnectionRateThrottle); 0 = none.
    /// </summary>
    public int ConnectionRate { get; set; }

    /// <summary>New SMTP connections a second from one client address (FEATURE(ratecontrol)); 0 = none.</summary>
    public int ConnectionRatePerIp { get; set; }
}

public sealed class SmtpSettings
{
    /// <summary>Seconds to wait for a command. RFC 5321 §4.5.3.2.2-7 ask for at least 5 minutes.</summary>
    public int CommandTimeout { get; set; } = 300;

    /// <summary>Seconds to wait for each block of DATA. RFC 5321 §4.5.3.2.5: 3 minutes.</summary>
    public int DataBlockTimeout { get; set; } = 180;

    /// <summary>Accept senders whose domain has no MX or address record. Default false, as Sendmail without
    /// FEATURE(accept_unresolvable_domains).</summary>
    public bool AcceptUnresolvableDomains { get; set; }

    /// <summary>Answer VRFY for local users (otherwise 252). Default false (Sendmail's PrivacyOptions=novrfy).
    /// </summary>
    public bool Vrfy { get; set; }

    /// <summary>Expand aliases on EXPN (otherwise 502). Default false (PrivacyOptions=noexpn).</summary>
    public bool Expn { get; set; }
}

public sealed class ImapSettings
{
    /// <summary>Seconds of inactivity before autologout. RFC 3501 §5.4: at least 30 minutes.</summary>
    public int Autologout { get; set; } = 1800;

    /// <summary>Longest command line, literals excluded, in octets. RFC 7162 §4 suggests at least 8192.</summary>
    public int MaxCommandBytes { get; set; } = 65_536;
}

public sealed class QuotaSettings
{
    /// <summary>Storage per user in octets (RFC 9208 STORAGE), for users without their own; 0 means no limit.
    /// </summary>
    public long DefaultStorage { get; set; }
}

public sealed class Pop3Settings
{
    /// <summary>Seconds of inactivity before the session is closed. RFC 1939 §3: at least 10 minutes.</summary>
    public int Autologout { get; set; } = 600;
}

public sealed class LogSettings
{
    /// <summary>Minimum level: trace, debug, information, warning, error. Default information.</summary>
    public string Level { get; set; } = "information";
}

public sealed class MetricsSettings
{
    /// <summary>Address of the Prometheus endpoint (<c>GET /metrics</c>); null, the default, turns it off.</summary>
    public IPEndPoint? Listen { get; set; }
}
