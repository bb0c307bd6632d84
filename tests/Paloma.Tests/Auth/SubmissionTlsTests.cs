using MailKit.Net.Smtp;
using MailKit.Security;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>[submission] require_tls: on 587 nothing is submitted or authenticated in clear (RFC 8314 §3.3).
/// </summary>
public sealed class SubmissionTlsTests
{
    private static Task<TestServer> StartAsync(bool requireTls = true) =>
        TestServer.StartAsync(c => c.Submission.RequireTls = requireTls);

    [Fact]
    public async Task AuthAndMailNeedStartTlsFirstOnTheSubmissionPort()
    {
        await using var server = await StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Submission);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        var before = await client.SmtpAsync("EHLO client.example.net");
        Assert.Contains("STARTTLS", before);
        Assert.DoesNotContain("AUTH", before);

        // Challenge-response mechanisms too: the rule is about the session, not about the password.
        Assert.StartsWith("530 5.7.0 Must issue a STARTTLS command first",
            await client.SmtpAsync("AUTH SCRAM-SHA-256"));
        Assert.StartsWith("530 5.7.0 Must issue a STARTTLS", await client.SmtpAsync("AUTH PLAIN " + PlainAlice()));
        Assert.StartsWith("530 5.7.0 Must issue a STARTTLS", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
        Assert.StartsWith("250 ", await client.SmtpAsync("NOOP"));

        Assert.StartsWith("220 ", await client.SmtpAsync("STARTTLS"));
        await client.StartTlsAsync();
        Assert.Contains("AUTH SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN",
            await client.SmtpAsync("EHLO client.example.net"));
        Assert.StartsWith("530 5.7.0 Authentication required",
            await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
        Assert.StartsWith("235 2.7.0", await client.SmtpAsync("AUTH PLAIN " + PlainAlice()));
        Assert.StartsWith("250 2.1.0", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
    }

    [Fact]
    public async Task MailKitSubmitsOverStartTlsWithTheRuleOn()
    {
        await using var server = await StartAsync();
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submission.Address.ToString(), server.Submission.Port,
            SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(MailKitMechanism("SCRAM-SHA-256"));
        await client.SendAsync(new MimeKit.MimeMessage(
            [MimeKit.InternetAddress.Parse(Alice)], [MimeKit.InternetAddress.Parse("bob@example.com")], "hi",
            new MimeKit.TextPart("plain") { Text = "over TLS" }));
        await client.DisconnectAsync(true);
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Fact]
    public async Task ThePublicMtaPortAndTheSwitchedOffRuleAcceptAuthInClear()
    {
        await using (var server = await StartAsync())
        {
            await using var mta = await SmtpTestClient.ConnectAsync(server);
            await mta.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
        }

        await using (var server = await StartAsync(requireTls: false))
        {
            await using var submission = await SmtpTestClient.ConnectAsync(server, endPoint: server.Submission);
            await submission.ExpectAsync("AUTH PLAIN " + PlainAlice(), "235 2.7.0");
            await submission.ExpectAsync("MAIL FROM:<alice@example.com>", "250 2.1.0");
        }
    }
}
