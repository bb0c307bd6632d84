using Paloma.Config;

namespace Paloma.Tests.Config;

public sealed class HostnameTests
{
    [Theory]
    [InlineData("bad host")]
    [InlineData("bad\\r\\n250 injected")]
    [InlineData("-start.example")]
    [InlineData("a..b")]
    [InlineData("")]
    public void HostnameThatWouldCorruptRepliesIsRefused(string hostname)
    {
        var error = Assert.Throws<ConfigException>(() =>
            ConfigLoader.Parse($"[server]\nhostname = \"{hostname}\"\n", "paloma.toml"));
        Assert.Contains("paloma.toml:2: server.hostname:", error.Message);
    }

    [Theory]
    [InlineData("mail.example.test", "mail.example.test")]
    [InlineData("mx1.example.test.", "mx1.example.test")]
    [InlineData("localhost", "localhost")]
    public void PlainHostNamesAreAccepted(string hostname, string expected)
    {
        var config = ConfigLoader.Parse($"[server]\nhostname = \"{hostname}\"\n", "paloma.toml");
        Assert.Equal(expected, config.Server.Hostname);
    }

    [Fact]
    public void WithoutASettingTheHostnameIsTheMachinesName()
    {
        // Looked up on first use rather than when the configuration is made; the value is the same.
        var config = ConfigLoader.Parse("[server]\n", "paloma.toml");
        var machine = System.Net.Dns.GetHostName();
        Assert.Equal(string.IsNullOrWhiteSpace(machine) ? "localhost" : machine, config.Server.Hostname);
    }
}
