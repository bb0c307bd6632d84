using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>Case C03: commands pipelined after STARTTLS in the same write are discarded, never run inside TLS.
/// </summary>
public sealed class C03StartTlsInjectionSmtpTests
{
    [Fact]
    public async Task PlaintextAfterStartTlsIsDiscardedAndTheSessionStartsAgain()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        Assert.Contains("250-STARTTLS", await client.SmtpAsync("EHLO client.example.net"));

        await client.SendAsync("STARTTLS\r\nRSET\r\nMAIL FROM:<carol@example.net>\r\n");
        Assert.StartsWith("220 2.0.0", await client.ReadSmtpReplyAsync());
        Assert.True(client.NothingPending);
        await client.StartTlsAsync();

        // RFC 3207 §4.2: EHLO knowledge is gone, so MAIL is out of sequence; no reply to RSET or MAIL ever shows.
        Assert.StartsWith("503 5.5.1", await client.SmtpAsync("MAIL FROM:<carol@example.net>"));
        Assert.StartsWith("250 2.0.0", await client.SmtpAsync("NOOP"));
        var ehlo = await client.SmtpAsync("EHLO client.example.net");
        Assert.DoesNotContain("STARTTLS", ehlo);
        Assert.StartsWith("250 2.1.0", await client.SmtpAsync("MAIL FROM:<carol@example.net>"));
        Assert.StartsWith("503 5.5.1", await client.SmtpAsync("STARTTLS"));
    }

    [Fact]
    public async Task AuthPipelinedAfterStartTlsIsNotExecuted()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.PlaintextRequiresTls = true);
        await using var client = await TlsLineClient.ConnectAsync(server.Submission);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        await client.SmtpAsync("EHLO client.example.net");
        await client.SendAsync("STARTTLS\r\nAUTH PLAIN " + PlainAlice() + "\r\n");
        Assert.StartsWith("220 2.0.0", await client.ReadSmtpReplyAsync());
        await client.StartTlsAsync();
        await client.SmtpAsync("EHLO client.example.net");

        // Had the AUTH run inside TLS the session would be authenticated and MAIL accepted.
        Assert.StartsWith("530 5.7.0", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
    }

    [Fact]
    public async Task WithPlaintextRequiringTlsPlainIsRefusedInClearAndNotAdvertised()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.PlaintextRequiresTls = true);
        await using var client = await TlsLineClient.ConnectAsync(server.Submission);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        var ehlo = await client.SmtpAsync("EHLO client.example.net");
        Assert.Contains("250 AUTH SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5", ehlo);
        Assert.DoesNotContain("PLAIN", ehlo);
        Assert.DoesNotContain("LOGIN", ehlo);

        // RFC 4954 §6: 538 5.7.11, and the credentials were never looked at.
        Assert.StartsWith("538 5.7.11", await client.SmtpAsync("AUTH PLAIN " + PlainAlice()));
        Assert.StartsWith("538 5.7.11", await client.SmtpAsync("AUTH LOGIN"));
        Assert.StartsWith("504 5.5.4", await client.SmtpAsync("AUTH XOAUTH9"));
        Assert.StartsWith("530 5.7.0", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));

        Assert.StartsWith("220 2.0.0", await client.SmtpAsync("STARTTLS"));
        await client.StartTlsAsync();
        Assert.Contains("PLAIN LOGIN", await client.SmtpAsync("EHLO client.example.net"));
        Assert.StartsWith("235 2.7.0", await client.SmtpAsync("AUTH PLAIN " + PlainAlice()));
        Assert.StartsWith("250 2.1.0", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
    }

    [Fact]
    public async Task StartTlsTakesNoArgumentAndNeedsEhloFirst()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Smtp);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        Assert.StartsWith("503 5.5.1", await client.SmtpAsync("STARTTLS"));
        await client.SmtpAsync("EHLO client.example.net");
        Assert.StartsWith("501 5.5.4", await client.SmtpAsync("STARTTLS now"));
        Assert.StartsWith("250 2.1.0", await client.SmtpAsync("MAIL FROM:<carol@example.net>"));
        Assert.StartsWith("503 5.5.1", await client.SmtpAsync("STARTTLS"));
    }
}
