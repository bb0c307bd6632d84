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
            ["hostname"] = new((c, v) => c.Server.Hostname = NonEmpty(ConfigLoader.ReadString(v))),
            ["data_dir"] = new((c, v) => c.Server.DataDir = NonEmpty(ConfigLoader.ReadString(v))),
        },
        ["listen"] = new(StringComparer.Ordinal)
        {
            ["smtp"] = new((c, v) => c.Listen.Smtp = EndPoints(v)),
            ["imap"] = new((c, v) => c.Listen.Imap = EndPoints(v)),
            ["pop3"] = new((c, v) => c.Listen.Pop3 = EndPoints(v)),
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
        ["log"] = new(StringComparer.Ordinal)
        {
            ["level"] = new((c, v) => c.Log.Level = LogLevelName(ConfigLoader.ReadString(v))),
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
        ["dns"] = new(StringComparer.Ordinal)
        {
            ["servers"] = new((c, v) => c.Dns.Servers =
                ConfigLoader.ReadStringArray(v).Select(DnsServer).ToList()),
        },
        ["masquerade"] = new(StringComparer.Ordinal)
        {
            ["as"] = new((c, v) => c.Masquerade.As = NonEmpty(ConfigLoader.ReadString(v))),
            ["envelope"] = new((c, v) => c.Masquerade.Envelope = ConfigLoader.ReadBoolean(v)),
            ["entire_domain"] = new((c, v) => c.Masquerade.EntireDomain = ConfigLoader.ReadBoolean(v)),
        },
        ["auth"] = new(StringComparer.Ordinal)
        {
            ["relay_mechanisms"] = new((c, v) => c.Auth.RelayMechanisms =
                ConfigLoader.ReadStringArray(v).Select(m => m.ToUpperInvariant()).ToList()),
        },
    };

    /// <summary>A resolver address: "192.0.2.53", "192.0.2.53:5353" or "[2001:db8::53]:53"; port 53 by default.
    /// </summary>
    private static System.Net.IPEndPoint DnsServer(string text) =>
        System.Net.IPAddress.TryParse(text, out var address)
            ? new System.Net.IPEndPoint(address, 53)
            : ConfigLoader.ParseEndPoint(text);

    private static string NonEmpty(string s) =>
        string.IsNullOrWhiteSpace(s) ? throw new ConfigValueException("must not be empty") : s;

    private static List<System.Net.IPEndPoint> EndPoints(ValueSyntax v) =>
        ConfigLoader.ReadStringArray(v).Select(ConfigLoader.ParseEndPoint).ToList();

    private static string LogLevelName(string s)
    {
        string[] levels = ["trace", "debug", "information", "warning", "error", "critical", "none"];
        var lower = s.ToLowerInvariant();
        return levels.Contains(lower)
            ? lower
            : throw new ConfigValueException($"\"{s}\" is not one of {string.Join(", ", levels)}");
    }
}
