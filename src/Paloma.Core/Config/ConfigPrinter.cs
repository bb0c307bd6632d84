using System.Globalization;
using System.Net;
using System.Text;

namespace Paloma.Config;

/// <summary>Writes the effective configuration back as TOML, for <c>paloma check</c>: what the server would
/// actually use, defaults included, in the same shape as paloma.toml.</summary>
public static class ConfigPrinter
{
    public static string ToToml(PalomaConfig c)
    {
        var s = new StringBuilder();
        s.AppendLine(c.SourceFile is null
            ? "# effective settings: embedded defaults (no configuration file found)"
            : $"# effective settings from {c.SourceFile}");
        Table(s, "server", ("hostname", Str(c.Server.Hostname)), ("data_dir", Str(c.DataDirectory)),
            ("pid_file", Str(c.PidFilePath)), ("log_file", Str(c.LogFilePath)),
            ("stop_grace", Int(c.Server.StopGrace)), ("postmaster", Str(c.Server.Postmaster ?? "")));
        Table(s, "listen", ("smtp", EndPoints(c.Listen.Smtp)), ("imap", EndPoints(c.Listen.Imap)),
            ("pop3", EndPoints(c.Listen.Pop3)), ("submission", EndPoints(c.Listen.Submission)),
            ("submissions", EndPoints(c.Listen.Submissions)), ("imaps", EndPoints(c.Listen.Imaps)),
            ("pop3s", EndPoints(c.Listen.Pop3s)));
        Table(s, "limits", ("max_message_bytes", Int(c.Limits.MaxMessageBytes)),
            ("max_recipients_per_message", Int(c.Limits.MaxRecipientsPerMessage)),
            ("max_header_bytes", Int(c.Limits.MaxHeaderBytes)), ("max_connections", Int(c.Limits.MaxConnections)),
            ("connection_rate", Int(c.Limits.ConnectionRate)),
            ("connection_rate_per_ip", Int(c.Limits.ConnectionRatePerIp)));
        Table(s, "smtp", ("command_timeout", Int(c.Smtp.CommandTimeout)),
            ("data_block_timeout", Int(c.Smtp.DataBlockTimeout)),
            ("accept_unresolvable_domains", Bool(c.Smtp.AcceptUnresolvableDomains)), ("vrfy", Bool(c.Smtp.Vrfy)),
            ("expn", Bool(c.Smtp.Expn)));
        Table(s, "domains", ("local", List(c.Domains.Local)), ("local_file", OptStr(c.Domains.LocalFile)),
            ("relay", List(c.Domains.Relay)), ("relay_file", OptStr(c.Domains.RelayFile)));
        Table(s, "access", ("file", OptStr(c.Access.File)), ("rules", List(c.Access.Rules)));
        Table(s, "aliases", ("file", OptStr(c.Aliases.File)), ("virtual_file", OptStr(c.Aliases.VirtualFile)));
        Table(s, "dns", ("servers", EndPoints(c.Dns.Servers)), ("timeout", Int(c.Dns.Timeout)),
            ("reverse_lookup", Bool(c.Dns.ReverseLookup)));
        Table(s, "masquerade", ("as", OptStr(c.Masquerade.As)), ("envelope", Bool(c.Masquerade.Envelope)),
            ("entire_domain", Bool(c.Masquerade.EntireDomain)));
        Table(s, "imap", ("autologout", Int(c.Imap.Autologout)), ("max_command_bytes", Int(c.Imap.MaxCommandBytes)));
        Table(s, "pop3", ("autologout", Int(c.Pop3.Autologout)));
        Table(s, "quota", ("default_storage", Int(c.Quota.DefaultStorage)));
        Table(s, "log", ("level", Str(c.Log.Level)));
        Table(s, "relay", ("smart_host", OptStr(c.Relay.SmartHost)),
            ("smart_host_tls", OptStr(c.Relay.SmartHostTls)),
            ("smart_host_auth_file", OptStr(c.Relay.SmartHostAuthFile)),
            ("smart_host_verify_certificate", Bool(c.Relay.SmartHostVerifyCertificate)));
        Table(s, "queue", ("lifetime", Str(Duration.Format(c.Queue.Lifetime))),
            ("retry_schedule", "[" + string.Join(", ", c.Queue.RetrySchedule.Select(t => Str(Duration.Format(t))))
                + "]"),
            ("delay_warning", Str(Duration.Format(c.Queue.DelayWarning))),
            ("scan_interval", Str(Duration.Format(c.Queue.ScanInterval))),
            ("max_connections", Int(c.Queue.MaxConnections)),
            ("max_connections_per_destination", Int(c.Queue.MaxConnectionsPerDestination)));
        Table(s, "transport",
            ("routes", "[" + string.Join(", ", c.Transport.Routes.Select(r => Str($"{r.Key}={r.Value}"))) + "]"),
            ("smtp_port", Int(c.Transport.SmtpPort)), ("require_tls", Bool(c.Transport.RequireTls)),
            ("connect_timeout", Int(c.Transport.ConnectTimeout)),
            ("command_timeout", Int(c.Transport.CommandTimeout)));
        Table(s, "metrics", ("listen", Str(c.Metrics.Listen?.ToString() ?? "")));
        SecurityTables(s, c);
        return s.ToString();
    }

    /// <summary>[tls], [auth] and [submission]; the certificate paths are omitted when generated.</summary>
    private static void SecurityTables(StringBuilder s, PalomaConfig c)
    {
        var tls = new List<(string, string)>();
        if (c.Tls.Cert is not null && c.Tls.Key is not null)
        {
            tls.Add(("cert", Str(c.Tls.Cert)));
            tls.Add(("key", Str(c.Tls.Key)));
        }

        if (c.Tls.ClientCa is not null)
        {
            tls.Add(("client_ca", Str(c.Tls.ClientCa)));
        }

        Table(s, "tls", [.. tls.Select(e => (e.Item1, (string?)e.Item2))]);
        Table(s, "auth", ("mechanisms", List(c.Auth.Mechanisms)),
            ("plaintext_requires_tls", Bool(c.Auth.PlaintextRequiresTls)),
            ("relay_mechanisms", List(c.Auth.RelayMechanisms)), ("max_failures", Int(c.Auth.MaxFailures)),
            ("delay_after_failures", Int(c.Auth.DelayAfterFailures)), ("failure_delay", Int(c.Auth.FailureDelay)),
            ("failure_window", Int(c.Auth.FailureWindow)));
        Table(s, "submission", ("sender_check", Bool(c.Submission.SenderCheck)),
            ("require_tls", Bool(c.Submission.RequireTls)));
    }

    private static void Table(StringBuilder s, string name, params (string Key, string? Value)[] entries)
    {
        s.AppendLine().AppendLine($"[{name}]");
        // An unset optional key (null) is left out: TOML has no null.
        foreach (var (key, value) in entries.Where(e => e.Value is not null))
        {
            s.AppendLine($"{key} = {value}");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? OptStr(string? value) => value is null ? null : Str(value);

    private static string List(List<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    private static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string EndPoints(List<IPEndPoint> endPoints) =>
        "[" + string.Join(", ", endPoints.Select(e => Str(e.ToString()))) + "]";
}
