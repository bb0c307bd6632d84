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
            ("stop_grace", Int(c.Server.StopGrace)));
        Table(s, "listen", ("smtp", EndPoints(c.Listen.Smtp)), ("imap", EndPoints(c.Listen.Imap)),
            ("pop3", EndPoints(c.Listen.Pop3)));
        Table(s, "limits", ("max_message_bytes", Int(c.Limits.MaxMessageBytes)),
            ("max_recipients_per_message", Int(c.Limits.MaxRecipientsPerMessage)));
        Table(s, "smtp", ("command_timeout", Int(c.Smtp.CommandTimeout)),
            ("data_block_timeout", Int(c.Smtp.DataBlockTimeout)));
        Table(s, "imap", ("autologout", Int(c.Imap.Autologout)), ("max_command_bytes", Int(c.Imap.MaxCommandBytes)));
        Table(s, "pop3", ("autologout", Int(c.Pop3.Autologout)));
        Table(s, "log", ("level", Str(c.Log.Level)));
        Table(s, "metrics", ("listen", Str(c.Metrics.Listen?.ToString() ?? "")));
        return s.ToString();
    }

    private static void Table(StringBuilder s, string name, params (string Key, string Value)[] entries)
    {
        s.AppendLine().AppendLine($"[{name}]");
        foreach (var (key, value) in entries)
        {
            s.AppendLine($"{key} = {value}");
        }
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Str(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string EndPoints(List<IPEndPoint> endPoints) =>
        "[" + string.Join(", ", endPoints.Select(e => Str(e.ToString()))) + "]";
}
