using Paloma.Config;

namespace Paloma.Tests.Config;

public sealed class ConfigPrinterTests
{
    /// <summary><c>paloma check</c> prints the effective settings "in the same TOML shape": an administrator
    /// will paste them into a file, so they must load again and mean the same.</summary>
    [Fact]
    public void PrintedSettingsLoadBackUnchanged()
    {
        var original = ConfigLoader.Parse("""
            [server]
            hostname = "mail.example.test"
            [access]
            rules = ["Connect:192.0.2.7 REJECT"]
            [limits]
            max_message_bytes = 1048576
            """, "paloma.toml");
        var printed = ConfigPrinter.ToToml(original);
        var reloaded = ConfigLoader.Parse(printed, "printed.toml");
        Assert.Equal(printed, ConfigPrinter.ToToml(reloaded).Replace("printed.toml", "paloma.toml"));
        Assert.Equal(1_048_576, reloaded.Limits.MaxMessageBytes);
        Assert.Equal(["Connect:192.0.2.7 REJECT"], reloaded.Access.Rules);
    }

    [Fact]
    public void EmbeddedDefaultsPrintAsALoadableFile()
    {
        var printed = ConfigPrinter.ToToml(new PalomaConfig());
        var reloaded = ConfigLoader.Parse(printed, "printed.toml");
        Assert.Equal(printed, ConfigPrinter.ToToml(reloaded));
    }
}
