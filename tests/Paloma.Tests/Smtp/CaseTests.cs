using System.Text;
using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>The SMTP failure cases of ../shared/cases, one test each, named after the case id.</summary>
public sealed class CaseTests
{
    [Theory]
    [InlineData("\n.\r\n")]
    [InlineData("\n.\n")]
    [InlineData("\r\n.\n")]
    [InlineData("\r.\r\n")]
    public async Task C01_BareLfDotBareLfDoesNotEndData(string fakeEnd)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.Raw.SendAsync("From: carol@example.net\r\nSubject: first\r\n\r\nhello" + fakeEnd
            + "MAIL FROM:<ceo@example.com>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\nFrom: ceo@example.com\r\n"
            + "Subject: second\r\n\r\nsmuggled\r\n.\r\n");
        Assert.StartsWith("550 5.5.2", await client.Raw.ReadSmtpReplyAsync());

        // Exactly one reply to the payload: the next reply is NOOP's.
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("ceo@example.com"));
    }

    [Fact]
    public async Task C08_DotStuffedFirstLineIsUnstuffed()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", "..\r\nSubject: c08\r\n\r\n..leading\r\n...two\r\n.\r\n"));
        var empty = await client.SendMessageAsync("carol@example.net", "alice@example.com", ".\r\n");
        SmtpTestClient.AssertReply("250 2.0.0", empty);
        await client.AssertAliveAsync();

        var messages = await Inbox.ReadAsync(server, "alice@example.com");
        Assert.Equal(2, messages.Count);
        Assert.Equal(".\r\nSubject: c08\r\n\r\n.leading\r\n..two\r\n", Inbox.Content(messages[0]));
        Assert.Equal("", Inbox.Content(messages[1]));
    }

    [Fact]
    public async Task C09_LineLimitsExactLimitAcceptedOverlongRefusedAfterEndOfData()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        var exact = "Subject: c09\r\n\r\n" + new string('a', 998) + "\r\nend\r\n";
        SmtpTestClient.AssertReply("250 2.0.0",
            await client.SendMessageAsync("carol@example.net", "alice@example.com", exact + ".\r\n"));
        Assert.Equal(exact, Inbox.Content(Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"))));

        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.Raw.SendAsync("Subject: c09\r\n\r\n" + new string('a', 998) + "\r\n");
        await client.Raw.SendAsync(new string('b', 5000) + "\r\nend\r\n.\r\n");
        Assert.StartsWith("500 5.5.2", await client.Raw.ReadSmtpReplyAsync());
        await client.AssertAliveAsync();
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));

        await client.ExpectAsync("EHLO " + new string('x', 10000), "500 5.5.2");
        await client.AssertAliveAsync();
        await client.ExpectAsync("NOOP " + new string('x', 505), "250 2.0.0");
        await client.ExpectAsync("NOOP " + new string('x', 506), "500 5.5.2");
        await client.AssertAliveAsync();
    }

    [Fact]
    public async Task C10_SizeAtMailAndOne552AfterData()
    {
        const int limit = 10_240;
        await using var server = await TestServer.StartAsync(c => c.Limits.MaxMessageBytes = limit);
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        var ehlo = await client.ExpectAsync("EHLO client.example.net", "250 ");
        Assert.Contains("250-SIZE 10240", ehlo);
        await client.ExpectAsync("MAIL FROM:<carol@example.net> SIZE=99999999999999999999", "552 5.3.4");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        var body = new StringBuilder("Subject: c10\r\n\r\n");
        while (body.Length < limit + 1000)
        {
            body.Append(new string('z', 68)).Append("\r\n");
        }

        await client.Raw.SendAsync(body + ".\r\n");
        Assert.StartsWith("552 5.3.4", await client.Raw.ReadSmtpReplyAsync());
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));
    }

    [Fact]
    public async Task C11_NulAndNonUtf8OctetsInCommandsAndBody()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectRawAsync(Latin1("MAIL FROM:<carol@example.net>\xC0\r\n"), "500 5.5.2");
        await client.ExpectRawAsync("NOOP\0\r\n", "500 5.5.2");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync(Latin1("Subject: nul\r\n\r\nbefore\0after\r\nlatin1 caf\xE9\r\n.\r\n"),
            "554 5.6.0");
        await client.AssertAliveAsync();
        Assert.Empty(await Inbox.ReadAsync(server, "alice@example.com"));

        // 8-bit octets without NUL are stored byte-exact.
        SmtpTestClient.AssertReply("250 2.0.0", await client.SendMessageAsync("carol@example.net",
            "alice@example.com", "Subject: 8bit\r\n\r\nlatin1 caf\xE9\r\n.\r\n"));
        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Equal("Subject: 8bit\r\n\r\nlatin1 caf\xE9\r\n", Inbox.Content(message));
    }

    [Fact]
    public async Task C13_NullReversePathAcceptedUnknownRecipientRefusedAtRcpt()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<no-such-user@example.com>", "550 5.1.1");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync(
            "From: MAILER-DAEMON@example.net\r\nSubject: Undelivered Mail\r\n\r\nreport\r\n.\r\n",
            "250 2.0.0");
        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.StartsWith("Return-Path: <>\r\n", message);
    }

    [Fact]
    public async Task C15_AddressLiteralsAndPostmaster()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<postmaster@[127.0.0.1]>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<postmaster@[IPv6:::1]>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<someone@[198.51.100.7]>", "550 5.7.1");
        await client.ExpectAsync("RCPT TO:<someone@[IPv6:2001:db8::99]>", "550 5.7.1");
        await client.ExpectAsync("RCPT TO:<Postmaster>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<POSTMASTER>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:Postmaster", "501 5.5.4");
        await client.ExpectAsync("RCPT TO:<user@[300.1.1.1]>", "501 5.1.3");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("Subject: c15\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "postmaster@example.com"));
    }

    [Theory]
    [InlineData("<victim%example.net@example.com>", "550 5.7.1")]
    [InlineData("<\"victim%example.net\">", "501 5.1.3")]
    [InlineData("<\"victim@example.net\">", "501 5.1.3")]
    [InlineData("<\"victim@example.net\"@example.com>", "550 5.7.1")]
    [InlineData("<victim@example.net@>", "501 5.1.3")]
    [InlineData("<victim@example.net@example.com>", "501 5.1.3")]
    [InlineData("<@example.com:victim@example.net>", "550 5.7.1")]
    [InlineData("<@example.com,@example.com:victim@example.net>", "550 5.7.1")]
    [InlineData("<victim!example.net@example.com>", "550 5.7.1")]
    [InlineData("<victim@[203.0.113.5]>", "550 5.7.1")]
    [InlineData("<victim@example.net.>", "501 5.1.3")]
    [InlineData("<victim@example.com.>", "501 5.1.3")]
    [InlineData("<victim@EXAMPLE.NET>", "550 5.7.1")]
    [InlineData("<alice@example.com@example.net>", "501 5.1.3")]
    [InlineData("<example.net!victim>", "501 5.1.3")]
    public async Task C16_OpenRelayProbesAreRefused(string path, string expected)
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<spam@example.org>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:" + path, expected);
        await client.ExpectAsync("DATA", "554 5.5.1");
        await client.AssertAliveAsync();
        foreach (var user in new[] { "alice@example.com", "bob@example.com", "postmaster@example.com" })
        {
            Assert.Empty(await Inbox.ReadAsync(server, user));
        }
    }

    [Fact]
    public async Task C17_ShellMetacharactersAndDomainlessSender()
    {
        var marker = Path.Combine(Path.GetTempPath(), "c17-" + Guid.NewGuid().ToString("N"));
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<;sleep 10;>", "501 5.1.7");
        await client.ExpectAsync("MAIL FROM:<;touch " + marker + ";>", "501 5.1.7");
        await client.ExpectAsync($"MAIL FROM:<`touch {marker}`@example.net>", "501 5.1.7");
        await client.ExpectAsync("MAIL FROM:<`id`@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<alice|id@example.com>", "550 5.1.1");
        await client.ExpectAsync("RCPT TO:<$(id)@example.com>", "501 5.1.3");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync("Subject: c17\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.False(File.Exists(marker));

        // The opaque sender is recorded as data, on one line, exactly as given.
        var message = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.StartsWith("Return-Path: <`id`@example.net>\r\nReceived: ", message);
    }

    [Fact]
    public async Task C19_SmtpUtf8AddressesAreUtf8AndIdnLocalDomainsMatchInBothForms()
    {
        await using var server = await TestServer.StartAsync();
        var accounts = server.Server.Context.Accounts;
        await accounts.AddDomainAsync("xn--bcher-kva.example");
        await accounts.AddUserAsync("alice@xn--bcher-kva.example", TestServer.Password);
        await using var client = await SmtpTestClient.ConnectAsync(server, ehlo: false);
        var ehlo = await client.ExpectAsync("EHLO client.example.net", "250 ");
        Assert.Contains("250-SMTPUTF8", ehlo.Split('\n'));

        await client.ExpectRawAsync(Utf8("MAIL FROM:<jöran@example.net> SMTPUTF8\r\n"), "250 2.1.0");
        await client.ExpectRawAsync(Utf8("RCPT TO:<alice@bücher.example>\r\n"), "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<alice@xn--bcher-kva.example>", "250 2.1.5");
        await client.ExpectRawAsync(Utf8("RCPT TO:<nobody@bücher.example>\r\n"), "550 5.1.1");
        await client.ExpectAsync("DATA", "354 ");
        await client.ExpectRawAsync(Utf8("From: jöran@example.net\r\nSubject: c19 ü\r\n\r\nx\r\n.\r\n"), "250 2.0.0");

        // Without the parameter a non-ASCII envelope is refused with X.6.7: 550 at MAIL, 553 at RCPT.
        await client.ExpectRawAsync(Utf8("MAIL FROM:<jöran@example.net>\r\n"), "550 5.6.7");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectRawAsync(Utf8("RCPT TO:<jörg@example.com>\r\n"), "553 5.6.7");
        await client.ExpectRawAsync(Utf8("RCPT TO:<alice@bücher.example>\r\n"), "553 5.6.7");
        await client.ExpectAsync("RSET", "250");

        var stored = Assert.Single(await Inbox.ReadAsync(server, "alice@xn--bcher-kva.example"));
        var text = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(stored));
        Assert.StartsWith("Return-Path: <jöran@example.net>\r\n", text);
        Assert.Contains("with UTF8SMTP", text);
        Assert.Contains("Subject: c19 ü\r\n", text);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains('\u00C3'));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);
}
