using System.Text.RegularExpressions;
using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class CramMd5MechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    [Fact]
    public async Task MailKitClientAuthenticates()
    {
        var result = await RunAsync(new SaslMechanismCramMd5("alice@example.com", "Secret-1"),
            new CramMd5Mechanism(Context(_store)));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task WrongPasswordFails()
    {
        var result = await RunAsync(new SaslMechanismCramMd5("alice@example.com", "Secret-2"),
            new CramMd5Mechanism(Context(_store)));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task UnknownUserFails()
    {
        var result = await RunAsync(new SaslMechanismCramMd5("nobody@example.com", "Secret-1"),
            new CramMd5Mechanism(Context(_store)));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task ChallengeIsAUniqueMsgIdWithTheHostname()
    {
        var first = Text((await new CramMd5Mechanism(Context(_store)).StartAsync(null)).Challenge);
        var second = Text((await new CramMd5Mechanism(Context(_store)).StartAsync(null)).Challenge);
        Assert.Matches(new Regex(@"^<[^<>@\s]+\.[0-9]+@mx\.example\.com>$"), first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Rfc2195ExampleIsAccepted()
    {
        // RFC 2195 §2: user "tim", password "tanstaaftanstaaf", challenge
        // <1896.697170952@postoffice.reston.mci.net>, response "tim b913a602c7eda7a495b4e6e7334d3890".
        var store = new TestCredentialStore();
        store.Add("tim", "tanstaaftanstaaf");
        var context = new SaslContext
        {
            Credentials = store,
            Hostname = "postoffice.reston.mci.net",
            NonceSource = () => "1896",
            TimeProvider = new FixedTimeProvider(DateTimeOffset.FromUnixTimeSeconds(697170952)),
        };
        var server = new CramMd5Mechanism(context);
        var challenge = await server.StartAsync(null);
        Assert.Equal("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+", SaslWire.Encode(challenge.Challenge));
        Assert.True(SaslWire.TryDecode("dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw", out var response));
        var result = await server.StepAsync(response);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("tim", result.Username);
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("alice@example.com b913a602c7eda7a495b4e6e7334d389")]
    [InlineData("alice@example.com b913a602c7eda7a495b4e6e7334d389z")]
    [InlineData(" b913a602c7eda7a495b4e6e7334d3890")]
    [InlineData("")]
    public async Task MalformedResponsesAreMalformed(string response)
    {
        var server = new CramMd5Mechanism(Context(_store));
        await server.StartAsync(null);
        var result = await server.StepAsync(Utf8(response));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
