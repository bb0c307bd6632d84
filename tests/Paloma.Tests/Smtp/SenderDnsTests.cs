using System.Net;
using System.Net.Sockets;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>The sender domain check (accept_unresolvable_domains = false) against a DNS server in the test: 553
/// 5.1.8 for NXDOMAIN or no records, 451 4.1.8 for SERVFAIL or no answer, accepted with MX or only A, and no
/// lookup for local domains.</summary>
public sealed class SenderDnsTests : IAsyncLifetime
{
    private readonly FakeDnsServer _dns = new();

    public Task InitializeAsync()
    {
        _dns.Mx("mx.test", 10, "mail.mx.test").A("mail.mx.test", IPAddress.Loopback)
            .A("aonly.test", IPAddress.Loopback)
            .NxDomain("gone.test")
            .ServFail("broken.test");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dns.DisposeAsync();

    private Task<TestServer> StartAsync(IPEndPoint dns) => TestServer.StartAsync(c =>
    {
        c.Smtp.AcceptUnresolvableDomains = false;
        c.Dns.Servers = [dns];
    });

    [Theory]
    [InlineData("carol@mx.test", "250 2.1.0")]
    [InlineData("carol@aonly.test", "250 2.1.0")]
    [InlineData("carol@gone.test", "553 5.1.8")]
    [InlineData("carol@empty.test", "553 5.1.8")]
    [InlineData("carol@broken.test", "451 4.1.8")]
    [InlineData("bob@example.com", "250 2.1.0")]
    [InlineData("", "250 2.1.0")]
    public async Task SenderDomainIsLookedUp(string sender, string expected)
    {
        await using var server = await StartAsync(_dns.EndPoint);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync($"MAIL FROM:<{sender}>", expected);
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task LocalDomainIsNotLookedUpAndSilentServerIsATemporaryFailure()
    {
        // A resolver that never answers: the lookup times out, which is temporary.
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var server = await StartAsync((IPEndPoint)silent.Client.LocalEndPoint!);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 2.1.0");
        await client.ExpectAsync("RSET", "250");
        // Two tries of 5 s each come before the answer; the client waits longer than that.
        client.Raw.Timeout = TimeSpan.FromSeconds(60);
        await client.ExpectAsync("MAIL FROM:<carol@mx.test>", "451 4.1.8");
    }
}
