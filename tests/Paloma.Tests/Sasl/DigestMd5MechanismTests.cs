using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class DigestMd5MechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    private DigestMd5Mechanism Server() => new(Context(_store));

    [Fact]
    public async Task MailKitClientAuthenticatesAndAcceptsRspauth()
    {
        var result = await RunAsync(new SaslMechanismDigestMd5("alice@example.com", "Secret-1"), Server());
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
        Assert.StartsWith("rspauth=", Text(result.ServerData!));
    }

    [Fact]
    public async Task WrongPasswordFails()
    {
        var result = await RunAsync(new SaslMechanismDigestMd5("alice@example.com", "Secret-2"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task UnknownUserFails()
    {
        var result = await RunAsync(new SaslMechanismDigestMd5("nobody@example.com", "Secret-1"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task AuthzidOtherThanTheUserIsNotPermitted()
    {
        var client = new SaslMechanismDigestMd5("alice@example.com", "Secret-1")
        {
            AuthorizationId = "bob@example.com",
        };
        var result = await RunAsync(client, Server());
        Assert.Equal(SaslErrorKind.AuthzidNotPermitted, result.Error?.Kind);
    }

    [Fact]
    public async Task ChallengeOffersOnlyQopAuthWithUtf8AndMd5Sess()
    {
        var challenge = Text((await Server().StartAsync(null)).Challenge);
        Assert.Contains("realm=\"mx.example.com\"", challenge);
        Assert.Contains("qop=\"auth\"", challenge);
        Assert.Contains("charset=utf-8", challenge);
        Assert.Contains("algorithm=md5-sess", challenge);
    }

    [Theory]
    [InlineData("nonce=\"x\"", "nonce=\"forged\"")]
    [InlineData("nc=00000001", "nc=00000002")]
    [InlineData("qop=\"auth\"", "qop=\"auth-int\"")]
    [InlineData("qop=auth", "qop=auth-conf")]
    [InlineData("digest-uri=\"smtp/", "digest-uri=\"imap/")]
    [InlineData("username=", "username=\"a\",username=")]
    [InlineData("response=", "bogus,response=")]
    public async Task TamperedDirectivesAreRefused(string find, string replacement)
    {
        var result = await RunAsync(new SaslMechanismDigestMd5("alice@example.com", "Secret-1"), Server(),
            tamper: (step, bytes) => step == 0 ? ReplaceDirective(bytes, find, replacement) : bytes);
        Assert.False(result.IsSuccess);
    }

    [Theory]
    [InlineData("")]
    [InlineData("username=\"alice@example.com\"")]
    [InlineData("username=\"unterminated")]
    [InlineData("=value")]
    public async Task MalformedDigestResponsesAreMalformed(string response)
    {
        var server = Server();
        await server.StartAsync(null);
        var result = await server.StepAsync(Utf8(response));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    private static byte[] ReplaceDirective(byte[] response, string find, string replacement)
    {
        var text = Text(response);
        if (find == "nonce=\"x\"")
        {
            // The nonce value is random; replace whatever the client echoed.
            return Utf8(System.Text.RegularExpressions.Regex.Replace(text, "(?<![a-z])nonce=\"[^\"]*\"",
                replacement));
        }

        if (find.StartsWith("qop=", StringComparison.Ordinal))
        {
            text = text.Replace("qop=\"auth\"", "qop=auth", StringComparison.Ordinal);
            find = "qop=auth";
        }

        Assert.Contains(find, text);
        return Utf8(text.Replace(find, replacement, StringComparison.Ordinal));
    }
}
