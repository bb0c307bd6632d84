using System.Net;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>Issue 3, Connect: host name and parent domain keys: the client's PTR name counts only when it
/// forward-confirms, looked up through [dns] servers (a DNS server the test runs on loopback). The test client
/// connects from 127.0.0.1.</summary>
public sealed class ClientNameTests : IAsyncLifetime
{
    private static readonly IPAddress s_client = IPAddress.Loopback;

    private readonly FakeDnsServer _dns = new();

    private Task<TestServer> StartAsync(params string[] rules) => TestServer.StartAsync(c =>
    {
        c.Dns.Servers = [_dns.EndPoint];
        c.Dns.ReverseLookup = true;
        c.Access.Rules = [.. rules];
    });

    [Fact]
    public async Task ConfirmedHostNameKeyRejects()
    {
        _dns.Ptr(s_client, "client.example.net").A("client.example.net", s_client);
        await using var server = await StartAsync("Connect:client.example.net REJECT");
        await using var client = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("554 mx.example.com Access denied", await client.ReadSmtpReplyAsync());
    }

    [Fact]
    public async Task ParentDomainKeyRelaysAndTheNameIsInReceived()
    {
        _dns.Ptr(s_client, "client.example.net").A("client.example.net", s_client);
        await using var server = await StartAsync("Connect:example.net RELAY");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<friend@example.org>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: named\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Contains("(client.example.net [127.0.0.1])", Assert.Single(await Inbox.ReadAsync(server,
            "alice@example.com")));
    }

    [Fact]
    public async Task PtrThatDoesNotForwardConfirmIsIgnored()
    {
        _dns.Ptr(s_client, "client.example.net").A("client.example.net", IPAddress.Parse("192.0.2.1"));
        await using var server = await StartAsync("Connect:client.example.net REJECT", "Connect:example.net RELAY");
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<friend@example.org>", "550 5.7.1");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: unnamed\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Contains("Received: from client.example.net ([127.0.0.1])", message);
    }

    [Fact]
    public async Task DnsFailureMeansNoNameNotARefusal()
    {
        _dns.ServFail(FakeDnsServer.ReverseName(s_client));
        await using var server = await StartAsync("Connect:client.example.net REJECT");
        await using var client = await RawClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _dns.DisposeAsync();
}
