using System.Security.Cryptography.X509Certificates;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>
/// SASL EXTERNAL with TLS client certificates (RFC 4422 Appendix A) over real sockets: SMTP submission
/// (RFC 4954), IMAP AUTHENTICATE and POP3 AUTH, over STARTTLS and implicit TLS, with certificates from a CA the
/// test makes ([tls] client_ca).
/// </summary>
public sealed class ExternalCertificateTests : IDisposable
{
    private readonly TestClientCa _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public async Task SmtpSubmissionAuthenticatesWithAClientCertificateAfterStartTls()
    {
        await using var server = await StartAsync();
        using var certificate = _ca.Issue(Alice);
        await using var client = await SmtpAfterStartTlsAsync(server, certificate);
        var ehlo = await client.SmtpAsync("EHLO client.example.net");
        Assert.Contains("AUTH EXTERNAL SCRAM-SHA-256 PLAIN", ehlo);
        Assert.StartsWith("235 2.7.0", await client.SmtpAsync("AUTH EXTERNAL ="));
        Assert.StartsWith("250 2.1.0", await client.SmtpAsync("MAIL FROM:<alice@example.com>"));
    }

    [Fact]
    public async Task SmtpsAuthenticatesWithAChallengeAndTheOwnAuthzid()
    {
        await using var server = await StartAsync();
        using var certificate = _ca.Issue(Alice);
        await using var client = await TlsLineClient.ConnectAsync(server.Submissions, implicitTls: true,
            clientCertificate: certificate);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        Assert.Contains("AUTH EXTERNAL", await client.SmtpAsync("EHLO client.example.net"));

        // RFC 4422 A.1: the authzid may only be the certificate's own identity.
        Assert.StartsWith("535 5.7.8", await client.SmtpAsync("AUTH EXTERNAL " + Base64("bob@example.com")));
        Assert.Equal("334 ", await client.SmtpAsync("AUTH EXTERNAL"));
        Assert.StartsWith("235 2.7.0", await client.SmtpAsync(Base64(Alice)));
    }

    [Fact]
    public async Task ImapAuthenticatesWithAClientCertificateOverStartTlsAndImaps()
    {
        await using var server = await StartAsync();
        using var certificate = _ca.Issue(Alice);
        await using (var client = await TlsLineClient.ConnectAsync(server.Imap, clientCertificate: certificate))
        {
            Assert.DoesNotContain("AUTH=EXTERNAL", await client.ReadLineAsync());
            Assert.StartsWith("a1 OK", await client.CommandAsync("a1 STARTTLS"));
            await client.StartTlsAsync();
            Assert.Contains(" AUTH=EXTERNAL ", await client.CommandAsync("a2 CAPABILITY"));
            Assert.StartsWith("a2 OK", await client.ReadLineAsync());
            Assert.StartsWith("a3 OK", await client.CommandAsync("a3 AUTHENTICATE EXTERNAL ="));
            Assert.StartsWith("* ", await client.CommandAsync("a4 SELECT INBOX"));
        }

        await using (var client = await TlsLineClient.ConnectAsync(server.Imaps, implicitTls: true,
            clientCertificate: certificate))
        {
            Assert.Contains(" AUTH=EXTERNAL", await client.ReadLineAsync());
            Assert.StartsWith("a1 OK", await client.CommandAsync("a1 AUTHENTICATE EXTERNAL " + Base64(Alice)));
        }
    }

    [Fact]
    public async Task Pop3AuthenticatesWithAClientCertificateOverStlsAndPop3s()
    {
        await using var server = await StartAsync();
        using var certificate = _ca.Issue(Alice);
        await using (var client = await TlsLineClient.ConnectAsync(server.Pop3, clientCertificate: certificate))
        {
            Assert.StartsWith("+OK", await client.ReadLineAsync());
            Assert.StartsWith("+OK", await client.CommandAsync("STLS"));
            await client.StartTlsAsync();
            Assert.StartsWith("+OK", await client.CommandAsync("CAPA"));
            Assert.Contains("SASL EXTERNAL SCRAM-SHA-256 PLAIN", await client.ReadMultiLineAsync());
            Assert.StartsWith("+OK", await client.CommandAsync("AUTH EXTERNAL ="));
            Assert.StartsWith("+OK 0 ", await client.CommandAsync("STAT"));
        }

        await using (var client = await TlsLineClient.ConnectAsync(server.Pop3s, implicitTls: true,
            clientCertificate: certificate))
        {
            Assert.StartsWith("+OK", await client.ReadLineAsync());
            Assert.StartsWith("+OK", await client.CommandAsync("AUTH EXTERNAL ="));
        }
    }

    [Fact]
    public async Task SubjectEmailAddressAndCommonNameMapWithoutASubjectAltName()
    {
        await using var server = await StartAsync();
        using var byEmail = _ca.Issue(null, subject: "E=bob@example.com, CN=Bob");
        using var byCommonName = _ca.Issue(null, subject: "CN=alice@example.com");
        foreach (var certificate in new[] { byEmail, byCommonName })
        {
            await using var client = await SmtpAfterStartTlsAsync(server, certificate);
            Assert.Contains("AUTH EXTERNAL", await client.SmtpAsync("EHLO client.example.net"));
            Assert.StartsWith("235 2.7.0", await client.SmtpAsync("AUTH EXTERNAL ="));
        }
    }

    public static TheoryData<string> Refused => new() { "other-ca", "expired", "unknown-user", "server-only", "none" };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task EveryOtherCertificateGetsNoExternal(string kind)
    {
        await using var server = await StartAsync();
        using var otherCa = new TestClientCa("Some Other CA");
        using var certificate = kind switch
        {
            "other-ca" => otherCa.Issue(Alice),
            "expired" => _ca.Issue(Alice, expired: true),
            "unknown-user" => _ca.Issue("carol@example.com"),
            "server-only" => _ca.Issue(Alice, serverAuthOnly: true),
            _ => null,
        };

        await using (var smtp = await SmtpAfterStartTlsAsync(server, certificate))
        {
            var ehlo = await smtp.SmtpAsync("EHLO client.example.net");
            Assert.Contains("AUTH SCRAM-SHA-256 PLAIN", ehlo);
            Assert.DoesNotContain("EXTERNAL", ehlo);
            Assert.StartsWith("504 5.5.4", await smtp.SmtpAsync("AUTH EXTERNAL ="));
            Assert.StartsWith("530 5.7.0", await smtp.SmtpAsync("MAIL FROM:<alice@example.com>"));
        }

        await using (var imap = await TlsLineClient.ConnectAsync(server.Imaps, implicitTls: true,
            clientCertificate: certificate))
        {
            Assert.DoesNotContain("EXTERNAL", await imap.ReadLineAsync());
            Assert.StartsWith("a1 NO", await imap.CommandAsync("a1 AUTHENTICATE EXTERNAL ="));
        }

        await using (var pop3 = await TlsLineClient.ConnectAsync(server.Pop3s, implicitTls: true,
            clientCertificate: certificate))
        {
            Assert.StartsWith("+OK", await pop3.ReadLineAsync());
            Assert.StartsWith("-ERR", await pop3.CommandAsync("AUTH EXTERNAL ="));
        }

        if (certificate is not null)
        {
            Assert.Contains(server.Logs.Entries, e => e.Message.Contains("tls client certificate not accepted"));
        }
    }

    [Fact]
    public async Task ExternalIsOffUnlessListedInMechanisms()
    {
        await using var server = await TestServer.StartAsync(c => c.Tls.ClientCa = _ca.PemPath);
        using var certificate = _ca.Issue(Alice);
        await using var client = await SmtpAfterStartTlsAsync(server, certificate);
        Assert.DoesNotContain("EXTERNAL", await client.SmtpAsync("EHLO client.example.net"));
        Assert.StartsWith("504 5.5.4", await client.SmtpAsync("AUTH EXTERNAL ="));
    }

    [Fact]
    public async Task WithoutClientCaNoCertificateIsAskedForOrUsed()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.Mechanisms = ["EXTERNAL", "PLAIN"]);
        using var certificate = _ca.Issue(Alice);
        await using var client = await SmtpAfterStartTlsAsync(server, certificate);
        Assert.Null(client.Tls!.LocalCertificate);
        Assert.DoesNotContain("EXTERNAL", await client.SmtpAsync("EHLO client.example.net"));
    }

    private Task<TestServer> StartAsync() => TestServer.StartAsync(c =>
    {
        c.Tls.ClientCa = _ca.PemPath;
        c.Auth.Mechanisms = ["EXTERNAL", "SCRAM-SHA-256", "PLAIN"];
    });

    /// <summary>A submission session, after EHLO and STARTTLS with <paramref name="certificate"/> offered.</summary>
    private static async Task<TlsLineClient> SmtpAfterStartTlsAsync(TestServer server,
        X509Certificate2? certificate)
    {
        var client = await TlsLineClient.ConnectAsync(server.Submission, clientCertificate: certificate);
        Assert.StartsWith("220 ", await client.ReadSmtpReplyAsync());
        Assert.DoesNotContain("EXTERNAL", await client.SmtpAsync("EHLO client.example.net"));
        Assert.StartsWith("220 ", await client.SmtpAsync("STARTTLS"));
        await client.StartTlsAsync();
        return client;
    }
}
