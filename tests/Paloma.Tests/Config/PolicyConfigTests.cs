using System.Net;
using Paloma.Config;

namespace Paloma.Tests.Config;

/// <summary>The policy tables of paloma.toml: [domains], [access], [aliases], [dns], [masquerade], [auth]
/// relay_mechanisms and the new [smtp] and [limits] keys.</summary>
public sealed class PolicyConfigTests
{
    [Fact]
    public void PolicySettingsAreApplied()
    {
        var config = ConfigLoader.Parse("""
            [domains]
            local = ["example.test"]
            local_file = "/etc/mail/local-host-names"
            relay = ["partner.example.net"]
            relay_file = "/etc/mail/relay-domains"
            [access]
            file = "/etc/mail/access"
            rules = ["Connect:192.0.2.7 REJECT"]
            [aliases]
            file = "/etc/aliases"
            virtual_file = "/etc/mail/virtusertable"
            [smtp]
            accept_unresolvable_domains = true
            vrfy = true
            expn = true
            [dns]
            servers = ["127.0.0.1:5353", "192.0.2.53"]
            [masquerade]
            as = "example.test"
            envelope = true
            entire_domain = true
            [auth]
            relay_mechanisms = ["scram-sha-256"]
            [limits]
            max_header_bytes = 4096
            max_connections = 10
            connection_rate = 5
            connection_rate_per_ip = 2
            """, "paloma.toml");
        Assert.Equal(["example.test"], config.Domains.Local);
        Assert.Equal("/etc/mail/local-host-names", config.Domains.LocalFile);
        Assert.Equal(["partner.example.net"], config.Domains.Relay);
        Assert.Equal("/etc/mail/relay-domains", config.Domains.RelayFile);
        Assert.Equal("/etc/mail/access", config.Access.File);
        Assert.Equal(["Connect:192.0.2.7 REJECT"], config.Access.Rules);
        Assert.Equal("/etc/aliases", config.Aliases.File);
        Assert.Equal("/etc/mail/virtusertable", config.Aliases.VirtualFile);
        Assert.True(config.Smtp.AcceptUnresolvableDomains && config.Smtp.Vrfy && config.Smtp.Expn);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 5353), new IPEndPoint(IPAddress.Parse("192.0.2.53"), 53)],
            config.Dns.Servers);
        Assert.Equal("example.test", config.Masquerade.As);
        Assert.True(config.Masquerade.Envelope && config.Masquerade.EntireDomain);
        Assert.Equal(["SCRAM-SHA-256"], config.Auth.RelayMechanisms);
        Assert.Equal(4096, config.Limits.MaxHeaderBytes);
        Assert.Equal(10, config.Limits.MaxConnections);
        Assert.Equal(5, config.Limits.ConnectionRate);
        Assert.Equal(2, config.Limits.ConnectionRatePerIp);
        Assert.Contains("[masquerade]", ConfigPrinter.ToToml(config));
    }

    [Fact]
    public void DefaultsAreSendmailLike()
    {
        var config = new PalomaConfig();
        Assert.False(config.Smtp.AcceptUnresolvableDomains);
        Assert.False(config.Smtp.Vrfy);
        Assert.False(config.Smtp.Expn);
        Assert.Null(config.Masquerade.As);
        Assert.Equal(65_536, config.Limits.MaxHeaderBytes);
        Assert.Equal(1000, config.Limits.MaxConnections);
        Assert.Equal(0, config.Limits.ConnectionRate);
    }

    [Theory]
    [InlineData("[domains]\nlocal = \"example.test\"", "paloma.toml:2: domains.local: expected an array")]
    [InlineData("[smtp]\nvrfy = 1", "paloma.toml:2: smtp.vrfy: expected true or false")]
    [InlineData("[dns]\nservers = [\"nameserver\"]", "paloma.toml:2: dns.servers:")]
    [InlineData("[masquerade]\nas = \"\"", "paloma.toml:2: masquerade.as: must not be empty")]
    [InlineData("[limits]\nmax_connections = -1", "paloma.toml:2: limits.max_connections: -1 is out of range")]
    public void PolicyErrorsNameFileLineAndKey(string toml, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(toml, "paloma.toml"));
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void BadInlineAccessRuleIsReportedWithItsPosition()
    {
        var config = ConfigLoader.Parse("[access]\nrules = [\"From:a@example.net OK\", \"Connect:x PERMIT\"]",
            "paloma.toml");
        var error = Assert.Throws<Paloma.Policy.MapParseException>(() => Paloma.Smtp.Policy.PolicyMaps.Load(config));
        Assert.StartsWith("[access] rules:2: unknown action \"PERMIT\"", error.Message);
    }
}
