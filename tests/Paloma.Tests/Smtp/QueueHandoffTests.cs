using System.Text;
using MimeKit;
using Paloma.Queue;
using Paloma.Tests.Queue;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>SMTP hands relayed recipients and remote alias targets to the outbound queue with their DSN parameters,
/// while local recipients go to their mailboxes; the 250 names the queue id. The relayed domain example.org is
/// routed to a closed port so that nothing leaves the test and queued recipients stay pending.</summary>
public sealed class QueueHandoffTests
{
    private static Task<TestServer> StartAsync(Action<Paloma.Config.PalomaConfig>? more = null) =>
        TestServer.StartAsync(c =>
        {
            c.Access.Rules = ["Connect:127.0.0.1 RELAY"];
            c.Transport.Routes["example.org"] = "127.0.0.1:9";
            c.Transport.ConnectTimeout = 5;
            more?.Invoke(c);
        });

    private static QueueStore Queue(TestServer server) => (QueueStore)server.Server.Context.Queue!;

    private static string QueueIdOf(string reply) => reply.Split("queued as ")[1].Split(' ', '\r')[0].Trim();

    [Fact]
    public async Task DsnParametersAndBodyFlagGoToTheQueue()
    {
        await using var server = await StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net> BODY=8BITMIME RET=HDRS ENVID=QQ+2B314159",
            "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<dave@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;dave+2Bx@example.org",
            "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<erin@example.org>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        var reply = await client.ExpectRawAsync("Subject: dsn\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        var id = QueueIdOf(reply);

        var entry = await Queue(server).GetAsync(id);
        Assert.NotNull(entry);
        Assert.Equal("carol@example.net", entry.Message.ReversePath);
        Assert.Equal("QQ+314159", entry.Message.EnvelopeId);
        Assert.Equal(DsnReturn.Headers, entry.Message.Return);
        Assert.True(entry.Message.EightBitMime);
        Assert.False(entry.Message.SmtpUtf8);
        var dave = Assert.Single(entry.Recipients, r => r.Address == "dave@example.org");
        Assert.Equal(DsnNotify.Success | DsnNotify.Failure, dave.Notify);
        Assert.Equal("rfc822;dave+x@example.org", dave.OriginalRecipient);
        var erin = Assert.Single(entry.Recipients, r => r.Address == "erin@example.org");
        Assert.Equal(DsnNotify.Unspecified, erin.Notify);
        Assert.Null(erin.OriginalRecipient);

        // RFC 5321 §4.4: a relayed message carries no Return-Path:, and its Received: id is the queue id.
        var text = await File.ReadAllTextAsync(entry.Message.Path);
        Assert.DoesNotContain("Return-Path:", text);
        Assert.Contains(" id " + id, text);
    }

    [Fact]
    public async Task LocalAndRemoteRecipientsOfOneTransactionSplit()
    {
        await using var server = await StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<dave@example.org>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        var reply = await client.ExpectRawAsync("Subject: split\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        var id = QueueIdOf(reply);

        var local = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.StartsWith("Return-Path: <carol@example.net>\r\nReceived: ", local);
        Assert.Contains(" id " + id, local);
        var entry = await Queue(server).GetAsync(id);
        Assert.NotNull(entry);
        Assert.Equal("dave@example.org", Assert.Single(entry.Recipients).Address);
    }

    [Fact]
    public async Task RemoteAliasTargetIsQueuedWithTheAliasAsOriginalRecipient()
    {
        await using var server = await StartAsync(c => c.Access.Rules = []);
        await server.Server.Context.Aliases!.SetAsync("outside", ["alice", "someone@example.org"]);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        // Not a relay client: relaying itself is refused, the alias's remote target is not.
        await client.ExpectAsync("RCPT TO:<dave@example.org>", "550 5.7.1");
        await client.ExpectAsync("RCPT TO:<outside@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        var reply = await client.ExpectRawAsync("Subject: alias\r\n\r\nx\r\n.\r\n", "250 2.0.0");

        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        var entry = await Queue(server).GetAsync(QueueIdOf(reply));
        var target = Assert.Single(entry!.Recipients);
        Assert.Equal("someone@example.org", target.Address);
        Assert.Equal("rfc822;outside@example.com", target.OriginalRecipient);
    }

    [Fact]
    public async Task LocalNotifySuccessGetsADeliveredReport()
    {
        await using var server = await StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<alice@example.com> ENVID=local-1", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<bob@example.com> NOTIFY=SUCCESS", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: tell me\r\n\r\nx\r\n.\r\n", "250 2.0.0");

        // The queue delivers bob and reports to alice; run it until both mailboxes show it.
        var reports = await WaitForAsync(server, server, "alice@example.com");
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        var dsn = await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(reports[0])));
        var (perMessage, recipients) = DsnAssert.Parse(dsn);
        Assert.Equal("local-1", perMessage["Original-Envelope-Id"]);
        Assert.Equal("delivered", Assert.Single(recipients)["Action"]);
    }

    [Fact]
    public async Task RelayingFromAnAuthenticatedSessionDependsOnTheMechanism()
    {
        // The AUTH command is the auth branch's; the relay rule only reads the session's mechanism, which the
        // not-relaying case shows: without AUTH, relaying is refused even with relay_mechanisms set.
        await using var server = await StartAsync(c =>
        {
            c.Access.Rules = [];
            c.Auth.RelayMechanisms = ["PLAIN"];
        });
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<dave@example.org>", "550 5.7.1");
    }

    /// <summary>Runs <paramref name="sender"/>'s queue until <paramref name="address"/> has mail at
    /// <paramref name="receiver"/>; at most 50 passes.</summary>
    internal static async Task<List<string>> WaitForAsync(TestServer sender, TestServer receiver, string address)
    {
        for (var pass = 0; pass < 50; pass++)
        {
            await sender.Server.QueueRunner.RunDueAsync();
            var messages = await Inbox.ReadAsync(receiver, address);
            if (messages.Count > 0)
            {
                return messages;
            }

            await Task.Delay(100);
        }

        return await Inbox.ReadAsync(receiver, address);
    }
}
