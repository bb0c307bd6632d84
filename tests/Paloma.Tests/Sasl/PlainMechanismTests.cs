using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class PlainMechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    private PlainMechanism Server() => new(Context(_store));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MailKitClientAuthenticatesWithAndWithoutInitialResponse(bool initialResponse)
    {
        var result = await RunAsync(new SaslMechanismPlain("alice@example.com", "Secret-1"), Server(),
            initialResponse);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
        Assert.Null(result.ServerData);
    }

    [Fact]
    public async Task WrongPasswordFails()
    {
        var result = await RunAsync(new SaslMechanismPlain("alice@example.com", "wrong"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task UnknownUserFailsExactlyLikeWrongPassword()
    {
        var unknown = await Server().StartAsync(Utf8("\0nobody@example.com\0Secret-1"));
        var wrong = await Server().StartAsync(Utf8("\0alice@example.com\0Secret-2"));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, unknown.Error?.Kind);
        Assert.Equal(wrong.Error, unknown.Error);
    }

    [Fact]
    public async Task MailKitAuthzidDifferentFromAuthcidIsNotPermitted()
    {
        var client = new SaslMechanismPlain("alice@example.com", "Secret-1") { AuthorizationId = "bob@example.com" };
        var result = await RunAsync(client, Server());
        Assert.Equal(SaslErrorKind.AuthzidNotPermitted, result.Error?.Kind);
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("nul\0\0alice@example.com\0Secret-1")]
    [InlineData("\0alice@example.com\0Secret-1\0")]
    [InlineData("\0\0alice@example.com\0Secret-1")]
    [InlineData("")]
    [InlineData("\0alice@example.com")]
    [InlineData("\0alice@example.com\0")]
    [InlineData("\0\0Secret-1")]
    public async Task MessagesWithoutExactlyTwoSeparatorsOrWithEmptyFieldsAreMalformed(string message)
    {
        var result = await Server().StartAsync(Utf8(message));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
        Assert.Empty(_store.Lookups);
    }

    [Fact]
    public async Task InvalidUtf8IsMalformed()
    {
        byte[] message = [0, .. Utf8("alice@example.com"), 0, 0xC3, 0x28];
        var result = await Server().StartAsync(message);
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task SaslPrepMapsNonAsciiSpaceInPassword()
    {
        _store.Add("carol@example.com", "a b");
        var result = await Server().StartAsync(Utf8("\0carol@example.com\0a\u00A0b"));
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public async Task ProhibitedCharacterInPasswordIsMalformed()
    {
        var result = await Server().StartAsync(Utf8("\0alice@example.com\0Secret\u0007-1"));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task StepAfterCompletionIsRefused()
    {
        var server = Server();
        Assert.True((await server.StartAsync(Utf8("\0alice@example.com\0Secret-1"))).IsSuccess);
        var again = await server.StepAsync(Utf8("\0alice@example.com\0Secret-1"));
        Assert.Equal(SaslErrorKind.MechanismError, again.Error?.Kind);
        Assert.True(server.IsCompleted);
    }
}
