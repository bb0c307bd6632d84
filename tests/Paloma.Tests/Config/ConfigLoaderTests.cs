using System.Net;
using Paloma.Config;

namespace Paloma.Tests.Config;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void EmptyFileGivesEmbeddedDefaults()
    {
        var config = ConfigLoader.Parse("", "paloma.toml");
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 2525)], config.Listen.Smtp);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 1143)], config.Listen.Imap);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 1110)], config.Listen.Pop3);
        Assert.Equal("./paloma-data", config.Server.DataDir);
        Assert.Equal(26_214_400, config.Limits.MaxMessageBytes);
    }

    [Fact]
    public void SettingsAreApplied()
    {
        var config = ConfigLoader.Parse("""
            [server]
            hostname = "mx.example.test"
            data_dir = "/var/lib/paloma"
            [listen]
            smtp = ["0.0.0.0:25", "[::1]:25"]
            imap = []
            [limits]
            max_message_bytes = 1048576
            [imap]
            autologout = 3600
            """, "paloma.toml");
        Assert.Equal("mx.example.test", config.Server.Hostname);
        Assert.Equal([new IPEndPoint(IPAddress.Any, 25), new IPEndPoint(IPAddress.IPv6Loopback, 25)],
            config.Listen.Smtp);
        Assert.Empty(config.Listen.Imap);
        Assert.Equal(1_048_576, config.Limits.MaxMessageBytes);
        Assert.Equal(3600, config.Imap.Autologout);
    }

    [Theory]
    [InlineData("[server]\nhostnme = \"x\"\n", "paloma.toml:2: server.hostnme: unknown key")]
    [InlineData("[servr]\n", "paloma.toml:1: [servr]: unknown table")]
    [InlineData("hostname = \"x\"\n", "paloma.toml:1: hostname: settings must be inside a table")]
    [InlineData("[limits]\nmax_message_bytes = true\n", "paloma.toml:2: limits.max_message_bytes: expected an integer")]
    [InlineData("[limits]\nmax_message_bytes = 5\n", "paloma.toml:2: limits.max_message_bytes: 5 is out of range")]
    [InlineData("[listen]\nsmtp = \"127.0.0.1:25\"\n", "paloma.toml:2: listen.smtp: expected an array of strings")]
    [InlineData("[listen]\n\nsmtp = [\"localhost:25\"]\n", "paloma.toml:3: listen.smtp: \"localhost\" is not an IP")]
    [InlineData("[listen]\nsmtp = [\"127.0.0.1:99999\"]\n", "paloma.toml:2: listen.smtp: \"127.0.0.1:99999\" is not")]
    [InlineData("[log]\nlevel = \"loud\"\n", "paloma.toml:2: log.level: \"loud\" is not one of")]
    [InlineData("[server]\n[server]\n", "paloma.toml:2: TOML syntax error")]
    [InlineData("[server\n", "paloma.toml:1: TOML syntax error")]
    public void ErrorsNameFileLineAndKey(string toml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(toml, "paloma.toml"));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ExplicitFileThatDoesNotExistIsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Locate("/nonexistent/paloma.toml"));
        Assert.Contains("/nonexistent/paloma.toml", error.Message);
    }
}
