using MailKit.Net.Imap;
using MailKit.Security;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>IMAP STARTTLS (RFC 3501 §6.2.1), AUTHENTICATE with every mechanism, LOGINDISABLED and imaps.</summary>
public sealed class ImapAuthTests
{
    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverStartTls(string mechanism)
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            AllMechanisms(c);
            c.Auth.PlaintextRequiresTls = true;
        });
        using var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Imap.Address.ToString(), server.Imap.Port, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        Assert.False(client.Capabilities.HasFlag(ImapCapabilities.LoginDisabled));
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        Assert.True(client.IsAuthenticated);
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        await client.DisconnectAsync(true);
    }

    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverImplicitTls(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AllMechanisms);
        using var client = new ImapClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Imaps.Address.ToString(), server.Imaps.Port,
            SecureSocketOptions.SslOnConnect);
        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(MailKitMechanism(mechanism, "Wrong-Password")));
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        Assert.True(client.IsAuthenticated);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task LoginIsDisabledBeforeTlsAndCapabilitiesChangeAfterIt()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.PlaintextRequiresTls = true);
        await using var client = await TlsLineClient.ConnectAsync(server.Imap);
        var greeting = await client.ReadLineAsync();
        Assert.Contains(" STARTTLS LOGINDISABLED SASL-IR AUTH=SCRAM-SHA-256 AUTH=SCRAM-SHA-1 AUTH=CRAM-MD5]", greeting);
        Assert.StartsWith("a1 NO [PRIVACYREQUIRED]", await client.CommandAsync("a1 LOGIN alice@example.com Secret-1"));
        Assert.StartsWith("a2 NO [PRIVACYREQUIRED]", await client.CommandAsync("a2 AUTHENTICATE PLAIN "
            + PlainAlice()));

        await client.SendAsync("a3 STARTTLS\r\na4 LOGIN alice@example.com Secret-1\r\n");
        Assert.Equal("a3 OK Begin TLS negotiation now", await client.ReadLineAsync());
        Assert.True(client.NothingPending);
        await client.StartTlsAsync();

        // Case C04: no answer to a4 ever appears, and the session is still not authenticated.
        var capability = await client.CommandAsync("a5 CAPABILITY");
        Assert.DoesNotContain("STARTTLS", capability);
        Assert.DoesNotContain("LOGINDISABLED", capability);
        Assert.Contains("AUTH=PLAIN AUTH=LOGIN", capability);
        Assert.StartsWith("a5 OK", await client.ReadLineAsync());
        Assert.StartsWith("a6 BAD", await client.CommandAsync("a6 SELECT INBOX"));
        Assert.StartsWith("a7 BAD", await client.CommandAsync("a7 STARTTLS"));
        Assert.StartsWith("a8 OK [CAPABILITY", await client.CommandAsync("a8 LOGIN alice@example.com Secret-1"));
    }

    [Fact]
    public async Task C23CancelAndSaslIrAndScramOverImap()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Imap);
        await client.ReadLineAsync();
        Assert.Equal("+ ", await client.CommandAsync("a1 AUTHENTICATE PLAIN"));
        Assert.StartsWith("a1 BAD", await client.CommandAsync("*"));
        Assert.Equal("+ ", await client.CommandAsync("a2 AUTHENTICATE PLAIN"));
        Assert.StartsWith("a2 BAD", await client.CommandAsync("AGFs=aWNl"));
        Assert.StartsWith("a3 OK", await client.CommandAsync("a3 NOOP"));
        Assert.StartsWith("+ ", await client.CommandAsync("a4 AUTHENTICATE SCRAM-SHA-256 "
            + Base64("n,,n=alice@example.com,r=abc")));
        Assert.StartsWith("a4 BAD", await client.CommandAsync("*"));
        Assert.StartsWith("a5 OK", await client.CommandAsync("a5 AUTHENTICATE PLAIN " + PlainAlice()));
    }
}
