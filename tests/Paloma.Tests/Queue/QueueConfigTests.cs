using Paloma.Config;

namespace Paloma.Tests.Queue;

/// <summary>The [relay], [queue], [dns] and [transport] tables of paloma.toml.</summary>
public sealed class QueueConfigTests
{
    [Fact]
    public void OutboundSettingsAreReadFromToml()
    {
        var config = ConfigLoader.Parse("""
            [relay]
            smart_host = "smtp.provider.test:587"
            smart_host_auth_file = "/etc/paloma/relay-auth"
            [queue]
            lifetime = "2d"
            retry_schedule = ["1m", "1h"]
            delay_warning = "0"
            [dns]
            servers = ["127.0.0.1:5353"]
            [transport]
            routes = ["example.org=10.0.0.5:2525"]
            require_tls = true
            """, "paloma.toml");

        Assert.Equal("smtp.provider.test:587", config.Relay.SmartHost);
        Assert.Equal(TimeSpan.FromDays(2), config.Queue.Lifetime);
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)], config.Queue.RetrySchedule);
        Assert.Equal(TimeSpan.Zero, config.Queue.DelayWarning);
        Assert.Equal(5353, Assert.Single(config.Dns.Servers).Port);
        Assert.Equal("10.0.0.5:2525", config.Transport.Routes["EXAMPLE.org"]);
        Assert.True(config.Transport.RequireTls);
        Assert.Contains("lifetime = \"2d\"", ConfigPrinter.ToToml(config));
    }

    [Fact]
    public void BadDurationAndRouteAreErrorsNamingTheKey()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            "[queue]\nlifetime = \"soon\"\n[transport]\nroutes = [\"example.org\"]\n", "p.toml"));
        Assert.Contains("p.toml:2: queue.lifetime", e.Message);
        Assert.Contains("p.toml:4: transport.routes", e.Message);
    }
}
