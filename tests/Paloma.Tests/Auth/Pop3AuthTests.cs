using MailKit.Net.Pop3;
using MailKit.Security;
using Paloma.Tests.Support;
using static Paloma.Tests.Auth.AuthTest;

namespace Paloma.Tests.Auth;

/// <summary>POP3 STLS (RFC 2595 §4), AUTH (RFC 5034), the plaintext rule and implicit TLS on pop3s.</summary>
public sealed class Pop3AuthTests
{
    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverStls(string mechanism)
    {
        await using var server = await TestServer.StartAsync(c =>
        {
            AllMechanisms(c);
            c.Auth.PlaintextRequiresTls = true;
        });
        using var client = new Pop3Client { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Pop3.Address.ToString(), server.Pop3.Port, SecureSocketOptions.StartTls);
        Assert.True(client.IsSecure);
        Assert.Contains(mechanism, client.AuthenticationMechanisms);
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        Assert.Equal(0, client.Count);
        await client.DisconnectAsync(true);
    }

    [Theory]
    [MemberData(nameof(MailKitMechanisms), MemberType = typeof(AuthTest))]
    public async Task MailKitAuthenticatesOverImplicitTls(string mechanism)
    {
        await using var server = await TestServer.StartAsync(AllMechanisms);
        using var client = new Pop3Client { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync(server.Pop3s.Address.ToString(), server.Pop3s.Port,
            SecureSocketOptions.SslOnConnect);
        Assert.False(client.Capabilities.HasFlag(Pop3Capabilities.StartTLS));
        await Assert.ThrowsAsync<AuthenticationException>(
            () => client.AuthenticateAsync(MailKitMechanism(mechanism, "Wrong-Password")));
        await client.AuthenticateAsync(MailKitMechanism(mechanism));
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task UserPassIsRefusedBeforeTlsAndAllowedAfterStls()
    {
        await using var server = await TestServer.StartAsync(c => c.Auth.PlaintextRequiresTls = true);
        await using var client = await TlsLineClient.ConnectAsync(server.Pop3);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        Assert.StartsWith("+OK", await client.CommandAsync("CAPA"));
        var before = await client.ReadMultiLineAsync();
        Assert.DoesNotContain("USER", before);
        Assert.Contains("STLS", before);
        Assert.Contains("SASL SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5", before);
        Assert.StartsWith("-ERR [AUTH]", await client.CommandAsync("USER alice@example.com"));
        Assert.StartsWith("-ERR [AUTH]", await client.CommandAsync("PASS Secret-1"));
        Assert.StartsWith("-ERR [AUTH]", await client.CommandAsync("AUTH PLAIN " + PlainAlice()));

        Assert.StartsWith("+OK", await client.CommandAsync("STLS"));
        await client.StartTlsAsync();
        Assert.StartsWith("+OK", await client.CommandAsync("CAPA"));
        var after = await client.ReadMultiLineAsync();
        Assert.Contains("USER", after);
        Assert.DoesNotContain("STLS", after);
        Assert.Contains("SASL SCRAM-SHA-256 SCRAM-SHA-1 CRAM-MD5 PLAIN LOGIN", after);
        Assert.StartsWith("-ERR", await client.CommandAsync("STLS"));
        Assert.StartsWith("+OK", await client.CommandAsync("USER alice@example.com"));
        Assert.StartsWith("+OK", await client.CommandAsync("PASS Secret-1"));
    }

    [Fact]
    public async Task C04PlaintextAfterStlsIsDiscarded()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Pop3);
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        await client.SendAsync("STLS\r\nUSER alice@example.com\r\n");
        Assert.StartsWith("+OK", await client.ReadLineAsync());
        Assert.True(client.NothingPending);
        await client.StartTlsAsync();

        // No USER was run inside TLS: PASS has nothing to go with and the session stays in AUTHORIZATION.
        Assert.Equal("-ERR send USER first", await client.CommandAsync("PASS Secret-1"));
        Assert.Equal("-ERR command not valid in this state", await client.CommandAsync("STAT"));
    }

    [Fact]
    public async Task C22PlainIdentityFieldsOverPop3()
    {
        await using var server = await TestServer.StartAsync();
        (string Message, string Expected)[] attempts =
        [
            ("\0alice@example.com\0Secret-1", "+OK"),
            ("alice@example.com\0alice@example.com\0Secret-1", "+OK"),
            ("admin@example.com\0\0Secret-1", "-ERR"),
            ("bob@example.com\0alice@example.com\0Secret-1", "-ERR [AUTH]"),
        ];
        foreach (var (message, expected) in attempts)
        {
            await using var client = await TlsLineClient.ConnectAsync(server.Pop3);
            await client.ReadLineAsync();
            Assert.StartsWith(expected, await client.CommandAsync("AUTH PLAIN " + Base64(message)));
            Assert.StartsWith(expected == "+OK" ? "+OK" : "-ERR", await client.CommandAsync("STAT"));
            await client.CommandAsync("QUIT");
        }
    }

    [Fact]
    public async Task C23CancelAndBadBase64KeepTheAuthorizationState()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Pop3);
        await client.ReadLineAsync();
        Assert.Equal("+ ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR authentication cancelled", await client.CommandAsync("*"));
        Assert.Equal("-ERR command not valid in this state", await client.CommandAsync("STAT"));
        Assert.Equal("+ ", await client.CommandAsync("AUTH PLAIN"));
        Assert.Equal("-ERR invalid base64 data", await client.CommandAsync("AGFs=aWNl"));
        Assert.Equal("-ERR invalid base64 data", await client.CommandAsync("AUTH PLAIN !!!"));
        Assert.Equal("-ERR unknown or unavailable authentication mechanism",
            await client.CommandAsync("AUTH X-UNKNOWN"));
        Assert.Equal("+ VXNlcm5hbWU6", await client.CommandAsync("AUTH LOGIN"));
        Assert.Equal("+ UGFzc3dvcmQ6", await client.CommandAsync(Base64(Alice)));
        Assert.StartsWith("+OK", await client.CommandAsync(Base64(TestServer.Password)));
        Assert.StartsWith("+OK 0 0", await client.CommandAsync("STAT"));
        Assert.Equal("-ERR command not valid in this state", await client.CommandAsync("AUTH PLAIN"));
    }

    [Fact]
    public async Task BareAuthListsTheMechanisms()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await TlsLineClient.ConnectAsync(server.Pop3);
        await client.ReadLineAsync();
        Assert.StartsWith("+OK", await client.CommandAsync("AUTH"));
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"],
            await client.ReadMultiLineAsync());
    }
}
