using System.Net;
using MimeKit;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;

namespace Paloma.Tests.Queue;

/// <summary>Two real Paloma servers on loopback: A (example.com) accepts mail from a RELAY client and its queue
/// delivers it, by an MX record from the test's DNS server, to B (example.org), which files it in a mailbox or
/// refuses it; a refusal comes back to the sender at A as a DSN.</summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private readonly FakeDnsServer _dns = new();
    private TestServer _b = null!;
    private TestServer _a = null!;

    public async Task InitializeAsync()
    {
        _b = await TestServer.StartAsync(createUsers: false);
        await _b.Server.Context.Accounts.AddDomainAsync("example.org");
        await _b.Server.Context.Accounts.AddUserAsync("dave@example.org", TestServer.Password);
        _dns.Mx("example.org", 10, "mx.example.org").A("mx.example.org", IPAddress.Loopback);
        _a = await TestServer.StartAsync(c =>
        {
            c.Access.Rules = ["Connect:127.0.0.1 RELAY"];
            c.Dns.Servers = [_dns.EndPoint];
            c.Transport.SmtpPort = _b.Smtp.Port;
        });
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _dns.DisposeAsync();
    }

    [Fact]
    public async Task RelayedMessageReachesTheOtherInstancesMailbox()
    {
        await using (var client = await SmtpTestClient.ConnectAsync(_a))
        {
            await client.ExpectAsync("MAIL FROM:<alice@example.com> ENVID=two-1", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<dave@example.org> NOTIFY=FAILURE", "250 2.1.5");
            await client.ExpectAsync("DATA", "354");
            await client.ExpectRawAsync("Subject: across\r\n\r\nhello B\r\n.\r\n", "250 2.0.0");
        }

        var received = await QueueHandoffTests.WaitForAsync(_a, _b, "dave@example.org");
        var message = Assert.Single(received);
        Assert.Contains("Subject: across\r\n", message);
        Assert.StartsWith("Return-Path: <alice@example.com>\r\nReceived: ", message);
        // Two Received: fields: B's on top of A's.
        Assert.Equal(2, message.Split("Received: ").Length - 1);
        Assert.Empty(await ((Paloma.Queue.QueueStore)_a.Server.Context.Queue!).ListAsync());
    }

    [Fact]
    public async Task RefusalByTheOtherInstanceBouncesToTheSender()
    {
        await using (var client = await SmtpTestClient.ConnectAsync(_a))
        {
            await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<nobody@example.org>", "250 2.1.5");
            await client.ExpectAsync("DATA", "354");
            await client.ExpectRawAsync("Subject: lost\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        }

        var bounces = await QueueHandoffTests.WaitForAsync(_a, _a, "alice@example.com");
        var dsn = await MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.Latin1.GetBytes(bounces[0])));
        var (_, recipients) = DsnAssert.Parse(dsn);
        var recipient = Assert.Single(recipients);
        Assert.Equal("failed", recipient["Action"]);
        Assert.Equal("5.1.1", recipient["Status"]);
        Assert.Contains("550", recipient["Diagnostic-Code"]);
    }
}
