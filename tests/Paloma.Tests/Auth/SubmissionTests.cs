using MailKit.Net.Smtp;
using MailKit.Security;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>The submission rules (RFC 6409) and relaying by mechanism ([auth] relay_mechanisms).</summary>
public sealed class SubmissionTests
{
    [Fact]
    public async Task SubmissionNeedsAuthBeforeMail()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SubmissionClientAsync(server);
        await client.ExpectAsync("MAIL FROM:<alice@example.com>", "530 5.7.0");
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
        await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 2.1.0");
    }

    [Fact]
    public async Task SubmissionRefusesASenderTheUserDoesNotOwn()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SubmissionClientAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
        await client.ExpectAsync("MAIL FROM:<bob@example.com>", "553 5.7.1");
        await client.ExpectAsync("MAIL FROM:<Alice@Example.COM>", "250 2.1.0");
    }

    [Fact]
    public async Task SenderCheckCanBeTurnedOff()
    {
        await using var server = await TestServer.StartAsync(c => c.Submission.SenderCheck = false);
        await using var client = await SubmissionClientAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
        await client.ExpectAsync("MAIL FROM:<bob@example.com>", "250 2.1.0");
    }

    [Fact]
    public async Task SubmissionAddsAMissingDateAndMessageId()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SubmissionClientAsync(server))
        {
            await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
            await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 ");
            await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 ");
            await client.ExpectAsync("DATA", "354 ");
            await client.ExpectAsync("Subject: no date\r\nFrom: alice@example.com\r\n\r\nbody\r\n.", "250 ");
            await client.ExpectAsync("MAIL FROM:<alice@example.com>", "250 ");
            await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 ");
            await client.ExpectAsync("DATA", "354 ");
            await client.ExpectAsync("Date: Tue, 1 Jul 2025 10:00:00 +0000\r\nMessage-ID: <kept@example.com>\r\n"
                + "Subject: complete\r\n\r\nbody\r\n.", "250 ");
        }

        var stored = await Inbox.ReadAsync(server, "bob@example.com");
        Assert.Equal(2, stored.Count);
        var added = stored.Single(m => m.Contains("Subject: no date"));
        Assert.Matches(@"\r\nDate: \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\n", added);
        Assert.Matches(@"\r\nMessage-ID: <[0-9a-f]{32}@mx\.example\.com>\r\n", added);
        Assert.Contains("Subject: no date\r\nFrom: alice@example.com\r\nDate: ", added);
        Assert.EndsWith(">\r\n\r\nbody\r\n", added);
        var kept = stored.Single(m => m.Contains("Subject: complete"));
        Assert.Single(kept.Split("\r\nDate: ").Skip(1));
        Assert.DoesNotContain("@mx.example.com>", kept);
    }

    [Fact]
    public async Task TheMtaPortAddsNoHeaders()
    {
        await using var server = await TestServer.StartAsync();
        await using (var client = await SmtpTestClient.ConnectAsync(server))
        {
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 ");
            await client.ExpectAsync("RCPT TO:<bob@example.com>", "250 ");
            await client.ExpectAsync("DATA", "354 ");
            await client.ExpectAsync("Subject: relay\r\n\r\nbody\r\n.", "250 ");
        }

        var stored = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.DoesNotContain("Message-ID:", stored);
        Assert.DoesNotContain("\r\nDate:", stored);
    }

    [Fact]
    public async Task OnlyRelayMechanismsPassTheRelayPolicy()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.RelayMechanisms = ["SCRAM-SHA-256"]);

        // Not in relay_mechanisms: authenticated, but relaying stays denied.
        await using (var plain = await SmtpTestClient.ConnectAsync(server))
        {
            await plain.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
            await plain.ExpectAsync("MAIL FROM:<alice@example.com>", "250 ");
            await plain.ExpectAsync("RCPT TO:<carol@example.net>", "550 5.7.1");
            await plain.ExpectAsync("RCPT TO:<bob@example.com>", "250 ");
        }

        await using (var anonymous = await SmtpTestClient.ConnectAsync(server))
        {
            await anonymous.ExpectAsync("MAIL FROM:<alice@example.com>", "250 ");
            await anonymous.ExpectAsync("RCPT TO:<carol@example.net>", "550 5.7.1");
        }

        // SCRAM-SHA-256 grants relaying: the remote recipient is accepted into the outbound queue.
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Smtp.Address.ToString(), server.Smtp.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(MailKitMechanism("SCRAM-SHA-256"));
        var response = await client.SendAsync(
            SmtpAuthClientTests.Message("alice@example.com", "carol@example.net", "remote"));
        Assert.Contains("queued as", response);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task AnAliasOfTheUserIsAnAcceptableSender()
    {
        await using var server = await TestServer.StartAsync();
        await server.Server.Context.Aliases!.SetAsync("sales", ["alice@example.com", "bob"]);
        await using var client = await SubmissionClientAsync(server);
        await client.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
        await client.ExpectAsync("MAIL FROM:<sales@example.com>", "250 2.1.0");
        await client.ExpectAsync("RSET", "250 ");
        await client.ExpectAsync("MAIL FROM:<sales@example.org>", "553 5.7.1");
    }

    private static async Task<SmtpTestClient> SubmissionClientAsync(TestServer server) =>
        await SmtpTestClient.ConnectAsync(server, endPoint: server.Submission);
}
