using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>The IMAP storage quota (RFC 9208) enforced when SMTP delivers: 552 5.2.2 (RFC 3463 §3.3).</summary>
public sealed class QuotaAtDeliveryTests
{
    private static readonly string s_body = "Subject: fill\r\n\r\n" + new string('x', 600) + "\r\n.\r\n";

    [Fact]
    public async Task FullMailboxIsRefusedAtRcptWith552And522()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 1000);
        await using var client = await SmtpTestClient.ConnectAsync(server);

        SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com", s_body));

        // About 650 of 1000 octets used: a declared 600 more does not fit, an undeclared message still may.
        await client.ExpectAsync("MAIL FROM:<x@example.net> SIZE=600", "250 ");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "552 5.2.2");
        await client.ExpectAsync("RSET", "250 ");
        SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com", s_body));

        // Now over the limit: any further message is refused, and other users are not affected.
        await client.ExpectAsync("MAIL FROM:<x@example.net>", "250 ");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "552 5.2.2");
        await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 ");
        await client.AssertAliveAsync();
        Assert.Equal(2, (await Inbox.ReadAsync(server, "alice@example.com")).Count);
    }

    [Fact]
    public async Task AliasDeliversToMembersWithRoomAndSkipsTheFullOne()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 1000);
        await server.Server.Context.Aliases!.SetAsync("team",
            ["alice@example.com", "bob@example.com"]);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com", s_body));
        SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com", s_body));

        SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "team@example.com",
            "Subject: to the team\r\n\r\nhello\r\n.\r\n"));
        Assert.Equal(2, (await Inbox.ReadAsync(server, "alice@example.com")).Count);
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("rcpt member over quota, skipped")
            && e.Message.Contains("recipient=<team@example.com>") && e.Message.Contains("member=alice@example.com"));
    }

    [Fact]
    public async Task AReloadChangesTheDefaultQuotaForTheNextSession()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 1000);
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com",
                s_body));
            SmtpTestClient.AssertReply("250 ", await client.SendMessageAsync("x@example.net", "alice@example.com",
                s_body));
            await client.ExpectAsync("MAIL FROM:<x@example.net>", "250 ");
            await client.ExpectAsync("RCPT TO:<alice@example.com>", "552 5.2.2");
        }

        // Lifted by a reload, then set again: each applies from the next session on.
        foreach (var (limit, expected) in new[] { (0L, "250 "), (1000L, "552 5.2.2") })
        {
            var config = server.Server.Context.Config;
            config.Quota.DefaultStorage = limit;
            server.Server.Context.Replace(config);
            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectAsync("MAIL FROM:<x@example.net>", "250 ");
            await client.ExpectAsync("RCPT TO:<alice@example.com>", expected);
        }
    }
}
