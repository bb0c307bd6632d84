using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class LoginMechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    private LoginMechanism Server() => new(Context(_store));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MailKitClientAuthenticates(bool initialResponse)
    {
        var result = await RunAsync(new SaslMechanismLogin("alice@example.com", "Secret-1"), Server(),
            initialResponse);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task PromptsAreUsernameThenPassword()
    {
        var server = Server();
        var first = await server.StartAsync(null);
        Assert.Equal("Username:", Text(first.Challenge));
        var second = await server.StepAsync(Utf8("alice@example.com"));
        Assert.Equal("Password:", Text(second.Challenge));
        Assert.True((await server.StepAsync(Utf8("Secret-1"))).IsSuccess);
    }

    [Fact]
    public async Task WrongPasswordFails()
    {
        var result = await RunAsync(new SaslMechanismLogin("alice@example.com", "nope"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task UnknownUserFailsLikeWrongPassword()
    {
        var result = await RunAsync(new SaslMechanismLogin("mallory@example.com", "Secret-1"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task EmptyInitialResponseIsMalformed()
    {
        var result = await Server().StartAsync([]);
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task EmptyPasswordIsMalformed()
    {
        var server = Server();
        await server.StartAsync(Utf8("alice@example.com"));
        var result = await server.StepAsync(Array.Empty<byte>());
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task InvalidUtf8UserNameIsMalformed()
    {
        var result = await Server().StartAsync([0xFF, 0xFE]);
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }
}
