using Tomlyn.Syntax;

namespace Paloma.Config;

/// <summary>
/// Every table and key paloma.toml may contain, and how each is applied. A key missing here is an error in
/// the file, so adding a setting means adding it here and to docs/configuration.md.
/// </summary>
internal static class ConfigSchema
{
    public sealed record Setting(Action<PalomaConfig, ValueSyntax> Apply);

    public static readonly Dictionary<string, Dictionary<string, Setting>> Tables = new(StringComparer.Ordinal)
    {
        ["server"] = new(StringComparer.Ordinal)
        {
            ["hostname"] = new((c, v) => c.Server.Hostname = HostName(ConfigLoader.ReadString(v))),
            ["data_dir"] = new((c, v) => c.Server.DataDir = NonEmpty(ConfigLoader.ReadString(v))),
            ["pid_file"] = new((c, v) => c.Server.PidFile = NonEmpty(ConfigLoader.ReadString(v))),
            ["log_file"] = new((c, v) => c.Server.LogFile = NonEmpty(ConfigLoader.ReadString(v))),
            ["stop_grace"] = new((c, v) => c.Server.StopGrace = (int)ConfigLoader.ReadInteger(v, 0, 3600)),
            // An empty string means none, so that the printed configuration reads back.
            ["postmaster"] = new((c, v) => c.Server.Postmaster = ConfigLoader.ReadString(v) is { Length: > 0 } text
                ? MailboxAddress(text)
                : null),
        },
        ["listen"] = new(StringComparer.Ordinal)
        {
            ["smtp"] = new((c, v) => c.Listen.Smtp = EndPoints(v)),
            ["imap"] = new((c, v) => c.Listen.Imap = EndPoints(v)),
            ["pop3"] = new((c, v) => c.Listen.Pop3 = EndPoints(v)),
            ["submission"] = new((c, v) => c.Listen.Submission = EndPoints(v)),
            ["submissions"] = new((c, v) => c.Listen.Submissions = EndPoints(v)),
            ["imaps"] = new((c, v) => c.Listen.Imaps = EndPoints(v)),
            ["pop3s"] = new((c, v) => c.Listen.Pop3s = EndPoints(v)),
        },
        ["limits"] = new(StringComparer.Ordinal)
        {
            ["max_message_bytes"] = new((c, v) => c.Limits.MaxMessageBytes = ConfigLoader.ReadInteger(v, 1024,
                long.MaxValue)),
            ["max_recipients_per_message"] = new((c, v) => c.Limits.MaxRecipientsPerMessage =
                (int)ConfigLoader.ReadInteger(v, 1, 100_000)),
            ["max_header_bytes"] = new((c, v) => c.Limits.MaxHeaderBytes =
                (int)ConfigLoader.ReadInteger(v, 1024, 64 * 1024 * 1024)),
            ["max_connections"] = new((c, v) => c.Limits.MaxConnections =
                (int)ConfigLoader.ReadInteger(v, 0, 1_000_000)),
            ["connection_rate"] = new((c, v) => c.Limits.ConnectionRate =
                (int)ConfigLoader.ReadInteger(v, 0, 1_000_000)),
            ["connection_rate_per_ip"] = new((c, v) => c.Limits.ConnectionRatePerIp =
                (int)ConfigLoader.ReadInteger(v, 0, 1_000_000)),
        },
        ["smtp"] = new(StringComparer.Ordinal)
        {
            ["command_timeout"] = new((c, v) => c.Smtp.CommandTimeout = (int)ConfigLoader.ReadInteger(v, 1, 86400)),
            ["data_block_timeout"] = new((c, v) => c.Smtp.DataBlockTimeout =
                (int)ConfigLoader.ReadInteger(v, 1, 86400)),
            ["accept_unresolvable_domains"] = new((c, v) => c.Smtp.AcceptUnresolvableDomains =
                ConfigLoader.ReadBoolean(v)),
            ["vrfy"] = new((c, v) => c.Smtp.Vrfy = ConfigLoader.ReadBoolean(v)),
            ["expn"] = new((c, v) => c.Smtp.Expn = ConfigLoader.ReadBoolean(v)),
        },
        ["imap"] = new(StringComparer.Ordinal)
        {
            ["autologout"] = new((c, v) => c.Imap.Autologout = (int)ConfigLoader.ReadInteger(v, 1, 86400)),
            ["max_command_bytes"] = new((c, v) => c.Imap.MaxCommandBytes =
                (int)ConfigLoader.ReadInteger(v, 1024, 16 * 1024 * 1024)),
        },
        ["pop3"] = new(StringComparer.Ordinal)
        {
            ["autologout"] = new((c, v) => c.Pop3.Autologout = (int)ConfigLoader.ReadInteger(v, 1, 86400)),
        },
        ["tls"] = new(StringComparer.Ordinal)
        {
            ["cert"] = new((c, v) => c.Tls.Cert = NonEmpty(ConfigLoader.ReadString(v))),
            ["key"] = new((c, v) => c.Tls.Key = NonEmpty(ConfigLoader.ReadString(v))),
            ["client_ca"] = new((c, v) => c.Tls.ClientCa = NonEmpty(ConfigLoader.ReadString(v))),
        },
        ["auth"] = AuthSchema.Keys,
        ["submission"] = new(StringComparer.Ordinal)
        {
            ["sender_check"] = new((c, v) => c.Submission.SenderCheck = ConfigLoader.ReadBoolean(v)),
            ["require_tls"] = new((c, v) => c.Submission.RequireTls = ConfigLoader.ReadBoolean(v)),
        },
        ["log"] = new(StringComparer.Ordinal)
        {
            ["level"] = new((c, v) => c.Log.Level = LogLevelName(ConfigLoader.ReadString(v))),
        },
        ["relay"] = new(StringComparer.Ordinal)
        {
            ["smart_host"] = new((c, v) => c.Relay.SmartHost = HostPort(ConfigLoader.ReadString(v))),
            ["smart_host_tls"] = new((c, v) => c.Relay.SmartHostTls = OneOf(ConfigLoader.ReadString(v),
                "implicit", "starttls")),
            ["smart_host_auth_file"] = new((c, v) => c.Relay.SmartHostAuthFile = NonEmpty(ConfigLoader.ReadString(v))),
            ["smart_host_verify_certificate"] = new((c, v) => c.Relay.SmartHostVerifyCertificate =
                ConfigLoader.ReadBoolean(v)),
        },
        ["queue"] = new(StringComparer.Ordinal)
        {
            ["lifetime"] = new((c, v) => c.Queue.Lifetime = Positive(Duration.Parse(ConfigLoader.ReadString(v)))),
            ["retry_schedule"] = new((c, v) => c.Queue.RetrySchedule = RetrySchedule(v)),
            ["delay_warning"] = new((c, v) => c.Queue.DelayWarning = Duration.Parse(ConfigLoader.ReadString(v))),
            ["scan_interval"] = new((c, v) => c.Queue.ScanInterval =
                Positive(Duration.Parse(ConfigLoader.ReadString(v)))),
            ["max_connections"] = new((c, v) => c.Queue.MaxConnections = (int)ConfigLoader.ReadInteger(v, 1, 1000)),
            ["max_connections_per_destination"] = new((c, v) => c.Queue.MaxConnectionsPerDestination =
                (int)ConfigLoader.ReadInteger(v, 1, 100)),
        },
        ["quota"] = new(StringComparer.Ordinal)
        {
            ["default_storage"] = new((c, v) => c.Quota.DefaultStorage = ConfigLoader.ReadInteger(v, 0,
                long.MaxValue)),
        },
        ["dns"] = new(StringComparer.Ordinal)
        {
            ["servers"] = new((c, v) => c.Dns.Servers =
                ConfigLoader.ReadStringArray(v).Select(DnsServer).ToList()),
            ["timeout"] = new((c, v) => c.Dns.Timeout = (int)ConfigLoader.ReadInteger(v, 1, 60)),
            ["reverse_lookup"] = new((c, v) => c.Dns.ReverseLookup = ConfigLoader.ReadBoolean(v)),
        },
        ["transport"] = new(StringComparer.Ordinal)
        {
            ["routes"] = new((c, v) => c.Transport.Routes = Routes(v)),
            ["smtp_port"] = new((c, v) => c.Transport.SmtpPort = (int)ConfigLoader.ReadInteger(v, 1, 65535)),
            ["require_tls"] = new((c, v) => c.Transport.RequireTls = ConfigLoader.ReadBoolean(v)),
            ["connect_timeout"] = new((c, v) => c.Transport.ConnectTimeout =
                (int)ConfigLoader.ReadInteger(v, 1, 3600)),
            ["command_timeout"] = new((c, v) => c.Transport.CommandTimeout =
                (int)ConfigLoader.ReadInteger(v, 1, 3600)),
        },
        ["metrics"] = new(StringComparer.Ordinal)
        {
            // An empty string keeps the endpoint off, so a template can carry the key.
            ["listen"] = new((c, v) => c.Metrics.Listen = ConfigLoader.ReadString(v) is { Length: > 0 } text
                ? ConfigLoader.ParseEndPoint(text)
                : null),
        },
        ["domains"] = new(StringComparer.Ordinal)
        {
            ["local"] = new((c, v) => c.Domains.Local = ConfigLoader.ReadStringArray(v)),
            ["local_file"] = new((c, v) => c.Domains.LocalFile = NonEmpty(ConfigLoader.ReadString(v))),
            ["relay"] = new((c, v) => c.Domains.Relay = ConfigLoader.ReadStringArray(v)),
            ["relay_file"] = new((c, v) => c.Domains.RelayFile = NonEmpty(ConfigLoader.ReadString(v))),
        },
        ["access"] = new(StringComparer.Ordinal)
        {
            ["file"] = new((c, v) => c.Access.File = NonEmpty(ConfigLoader.ReadString(v))),
            ["rules"] = new((c, v) => c.Access.Rules = ConfigLoader.ReadStringArray(v)),
        },
        ["aliases"] = new(StringComparer.Ordinal)
        {
            ["file"] = new((c, v) => c.Aliases.File = NonEmpty(ConfigLoader.ReadString(v))),
            ["virtual_file"] = new((c, v) => c.Aliases.VirtualFile = NonEmpty(ConfigLoader.ReadString(v))),
        },
        ["masquerade"] = new(StringComparer.Ordinal)
        {
            ["as"] = new((c, v) => c.Masquerade.As = NonEmpty(ConfigLoader.ReadString(v))),
            ["envelope"] = new((c, v) => c.Masquerade.Envelope = ConfigLoader.ReadBoolean(v)),
            ["entire_domain"] = new((c, v) => c.Masquerade.EntireDomain = ConfigLoader.ReadBoolean(v)),
        },
    };

    /// <summary>A resolver address: "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:53"; port 53 by default.
    /// </summary>
    private static System.Net.IPEndPoint DnsServer(string text) =>
        System.Net.IPAddress.TryParse(text, out var address)
            ? new System.Net.IPEndPoint(address, 53)
            : ConfigLoader.ParseEndPoint(text);

    /// <summary>The name goes into the greeting, EHLO reply and Received: headers, so it must be a plain domain
    /// name (RFC 5321 §2.3.5, §4.1.2 Domain): letters, digits, hyphens and dots; anything else, CR LF included,
    /// would corrupt those replies.</summary>
    private static string HostName(string s)
    {
        var labels = s.TrimEnd('.').Split('.');
        var valid = s.Length is > 0 and <= 253 && labels.All(l => l.Length is > 0 and <= 63
            && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
        return valid
            ? s.TrimEnd('.')
            : throw new ConfigValueException($"\"{s}\" is not a host name (letters, digits, hyphens and dots)");
    }

    /// <summary>A mailbox "local@domain" as it would appear between RCPT TO's angle brackets (RFC 5321 §4.1.2).
    /// </summary>
    private static string MailboxAddress(string s) =>
        Policy.EnvelopeAddress.TryParse(s, out var address, out var error) && !address.IsNull
            && address.Domain is not null && address.SourceRoute is null
            ? s
            : throw new ConfigValueException($"\"{s}\" is not a mailbox address such as \"admin@example.com\""
                + (error is null ? "" : $" ({error})"));

    private static string NonEmpty(string s) =>
        string.IsNullOrWhiteSpace(s) ? throw new ConfigValueException("must not be empty") : s;

    private static List<System.Net.IPEndPoint> EndPoints(ValueSyntax v) =>
        ConfigLoader.ReadStringArray(v).Select(ConfigLoader.ParseEndPoint).ToList();

    private static TimeSpan Positive(TimeSpan t) =>
        t > TimeSpan.Zero ? t : throw new ConfigValueException("must be longer than zero");

    private static List<TimeSpan> RetrySchedule(ValueSyntax v)
    {
        var list = ConfigLoader.ReadStringArray(v).Select(s => Positive(Duration.Parse(s))).ToList();
        return list.Count > 0 ? list : throw new ConfigValueException("needs at least one interval");
    }

    /// <summary>"host:port" with a host name or address; checked here so the queue never sees a bad one.</summary>
    internal static string HostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && int.TryParse(text.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535
            ? text
            : throw new ConfigValueException($"\"{text}\" is not host:port such as \"smtp.example.net:587\"");
    }

    /// <summary>Each entry is "domain=host:port", e.g. "example.org=mx.internal:25".</summary>
    private static Dictionary<string, string> Routes(ValueSyntax v)
    {
        var routes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in ConfigLoader.ReadStringArray(v))
        {
            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                throw new ConfigValueException($"\"{entry}\" is not domain=host:port");
            }

            routes[entry[..equals].Trim()] = HostPort(entry[(equals + 1)..].Trim());
        }

        return routes;
    }

    private static string OneOf(string s, params string[] values)
    {
        var lower = s.ToLowerInvariant();
        return values.Contains(lower)
            ? lower
            : throw new ConfigValueException($"\"{s}\" is not one of {string.Join(", ", values)}");
    }

    private static string LogLevelName(string s)
    {
        string[] levels = ["trace", "debug", "information", "warning", "error", "critical", "none"];
        var lower = s.ToLowerInvariant();
        return levels.Contains(lower)
            ? lower
            : throw new ConfigValueException($"\"{s}\" is not one of {string.Join(", ", levels)}");
    }
}
