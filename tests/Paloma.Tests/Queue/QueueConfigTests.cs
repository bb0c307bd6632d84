using Paloma.Config;
using Paloma.Queue.Delivery;

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

    [Fact]
    public void SmartHostTlsIsReadPrintedAndChecked()
    {
        var config = ConfigLoader.Parse("[relay]\nsmart_host = \"mail.test:2465\"\nsmart_host_tls = \"Implicit\"\n",
            "p.toml");

        Assert.Equal("implicit", config.Relay.SmartHostTls);
        Assert.Contains("smart_host_tls = \"implicit\"", ConfigPrinter.ToToml(config));
        Assert.DoesNotContain("smart_host_tls", ConfigPrinter.ToToml(new PalomaConfig()));
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(
            "[relay]\nsmart_host_tls = \"ssl\"\n", "p.toml"));
        Assert.Contains("p.toml:2: relay.smart_host_tls", e.Message);
    }

    /// <summary>Without smart_host_tls the port decides: 465 is implicit TLS (RFC 8314 §3.3), anything else
    /// STARTTLS; the key overrides the port either way.</summary>
    [Theory]
    [InlineData(465, null, true)]
    [InlineData(587, null, false)]
    [InlineData(2465, "implicit", true)]
    [InlineData(465, "starttls", false)]
    public async Task SmartHostImplicitTlsFollowsThePortUnlessTheKeySaysOtherwise(int port, string? tls,
        bool implicitTls)
    {
        var config = new PalomaConfig();
        config.Relay.SmartHost = $"127.0.0.1:{port}";
        config.Relay.SmartHostTls = tls;
        var router = new Router(config, new MxResolver(config.Dns.Servers));

        var route = await router.ResolveAsync("example.org", CancellationToken.None);

        Assert.Equal(implicitTls, route.ImplicitTls);
        Assert.True(route.RequireTls);
        Assert.Equal(port, route.Port);
    }
}
