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
        },
        ["smtp"] = new(StringComparer.Ordinal)
        {
            ["command_timeout"] = new((c, v) => c.Smtp.CommandTimeout = (int)ConfigLoader.ReadInteger(v, 1, 86400)),
            ["data_block_timeout"] = new((c, v) => c.Smtp.DataBlockTimeout =
                (int)ConfigLoader.ReadInteger(v, 1, 86400)),
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
        },
        ["auth"] = AuthSchema.Keys,
        ["submission"] = new(StringComparer.Ordinal)
        {
            ["sender_check"] = new((c, v) => c.Submission.SenderCheck = ConfigLoader.ReadBoolean(v)),
        },
        ["log"] = new(StringComparer.Ordinal)
        {
            ["level"] = new((c, v) => c.Log.Level = LogLevelName(ConfigLoader.ReadString(v))),
        },
    };

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
