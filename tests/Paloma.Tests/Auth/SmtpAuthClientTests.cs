using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Paloma.Tests.Smtp;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>MailKit's SmtpClient authenticating with each mechanism over STARTTLS (587) and implicit TLS (465).
/// </summary>
public sealed class SmtpAuthClientTests
{
    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverStartTlsOnSubmission(string mechanism)
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            AllMechanisms(c);
            c.Auth.PlaintextRequiresTls = true;
        });
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submission.Address.ToString(), server.Submission.Port,
            SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        Assert.True(client.IsAuthenticated);

        await client.SendAsync(Message("alice@example.com", "bob@example.com", "over " + mechanism));
        await client.DisconnectAsync(true);
        var stored = Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
        Assert.Contains("with ESMTPSA", stored);
    }

    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverImplicitTlsOnSubmissions(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AllMechanisms);
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port,
            SecureSocketOptions.SslOnConnect);
        Assert.True(client.IsSecure);
        Assert.False(client.Capabilities.HasFlag(SmtpCapabilities.StartTLS));
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        await client.SendAsync(Message("alice@example.com", "bob@example.com", "implicit " + mechanism));
        await client.DisconnectAsync(true);
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
    }

    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitGetsAuthenticationExceptionForAWrongPassword(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AllMechanisms);
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port,
            SecureSocketOptions.SslOnConnect);
        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(MailKitMechanism(mechanism, "Wrong-Password")));
        Assert.False(client.IsAuthenticated);
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task MailKitAuthenticatesWithScramSha256PlusBoundToTheServerCertificate()
    {
        await using var server = await TestServer.StartAsync(AllMechanisms);
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Submissions.Address.ToString(), server.Submissions.Port,
            SecureSocketOptions.SslOnConnect);
        Assert.Contains("SCRAM-SHA-256-PLUS", client.AuthenticationMechanisms);
        await client.AuthenticateAsync(MailKitMechanism("SCRAM-SHA-256-PLUS"));
        Assert.True(client.IsAuthenticated);
    }

    [Fact]
    public async Task ReceivedHeaderRecordsTlsVersionAndCipher()
    {
        await using var server = await TestServer.StartAsync();
        using (var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true })
        {
            await client.ConnectAsync(server.Smtp.Address.ToString(), server.Smtp.Port, SecureSocketOptions.StartTls);
            await client.SendAsync(Message("carol@example.net", "alice@example.com", "tls trace"));
            await client.DisconnectAsync(true);
        }

        var stored = Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Matches(@"Received: from \S+ \(\[127\.0\.0\.1\]\)\r\n\t\(using TLSv1\.[23] with cipher TLS_\w+\)\r\n"
            + @"\tby mx\.example\.com \(Paloma\) with ESMTPS id ", stored);
    }

    internal static MimeMessage Message(string from, string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Hello\r\n" };
        return message;
    }
}
