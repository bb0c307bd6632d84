using System.Net;
using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class ScramMechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    public static TheoryData<ScramHashAlgorithm, bool> Variants => new()
    {
        { ScramHashAlgorithm.Sha1, true },
        { ScramHashAlgorithm.Sha1, false },
        { ScramHashAlgorithm.Sha256, true },
        { ScramHashAlgorithm.Sha256, false },
    };

    private ScramMechanism Server(ScramHashAlgorithm algorithm = ScramHashAlgorithm.Sha256,
        bool serverAdvertisesPlus = false) => new(Context(_store), algorithm, false, serverAdvertisesPlus);

    private static SaslMechanism Client(ScramHashAlgorithm algorithm, string user, string password) =>
        algorithm == ScramHashAlgorithm.Sha1
            ? new SaslMechanismScramSha1(new NetworkCredential(user, password))
            : new SaslMechanismScramSha256(new NetworkCredential(user, password));

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task MailKitClientAuthenticatesAndVerifiesServerSignature(ScramHashAlgorithm algorithm,
        bool initialResponse)
    {
        var result = await RunAsync(Client(algorithm, "alice@example.com", "Secret-1"), Server(algorithm),
            initialResponse);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
        Assert.StartsWith("v=", Text(result.ServerData!));
    }

    [Theory]
    [InlineData(ScramHashAlgorithm.Sha1)]
    [InlineData(ScramHashAlgorithm.Sha256)]
    public async Task WrongPasswordIsInvalidProof(ScramHashAlgorithm algorithm)
    {
        var result = await RunAsync(Client(algorithm, "alice@example.com", "Secret-2"), Server(algorithm));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
        Assert.Equal("invalid-proof", result.Error?.ScramError);
    }

    [Fact]
    public async Task UnknownUserGetsAStableFakeSaltAndFailsLikeAWrongPassword()
    {
        var first = Text((await Server().StartAsync(Utf8("n,,n=nobody@example.com,r=abc"))).Challenge);
        var again = Text((await Server().StartAsync(Utf8("n,,n=nobody@example.com,r=abc"))).Challenge);
        var other = Text((await Server().StartAsync(Utf8("n,,n=nobody2@example.com,r=abc"))).Challenge);
        Assert.Equal(first.Split(',')[1..], again.Split(',')[1..]);
        Assert.NotEqual(first.Split(',')[1], other.Split(',')[1]);
        Assert.EndsWith(",i=4096", first);

        var result = await RunAsync(Client(ScramHashAlgorithm.Sha256, "nobody@example.com", "Secret-1"), Server());
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
        Assert.Equal("invalid-proof", result.Error?.ScramError);
    }

    [Fact]
    public async Task TamperedProofIsInvalidProof()
    {
        var result = await RunAsync(Client(ScramHashAlgorithm.Sha256, "alice@example.com", "Secret-1"), Server(),
            tamper: (step, bytes) => step == 1 ? Replace(bytes, ",p=", ",p=A") : bytes);
        Assert.False(result.IsSuccess);

        var flipped = await RunAsync(Client(ScramHashAlgorithm.Sha256, "alice@example.com", "Secret-1"), Server(),
            tamper: (step, bytes) => step == 1 ? FlipProofBit(bytes) : bytes);
        Assert.Equal("invalid-proof", flipped.Error?.ScramError);
    }

    [Fact]
    public async Task WrongNonceInClientFinalIsRefused()
    {
        var result = await RunAsync(Client(ScramHashAlgorithm.Sha256, "alice@example.com", "Secret-1"), Server(),
            tamper: (step, bytes) => step == 1 ? Replace(bytes, ",r=", ",r=x") : bytes);
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task AuthzidOtherThanTheUserIsNotPermitted()
    {
        var result = await ScramProof.HandExchangeAsync(Server(), ScramHashAlgorithm.Sha256, "n,a=bob@example.com,",
            [], "alice@example.com", "Secret-1");
        Assert.Equal(SaslErrorKind.AuthzidNotPermitted, result.Error?.Kind);
    }

    [Fact]
    public async Task AuthzidEqualToTheUserIsAccepted()
    {
        var result = await ScramProof.HandExchangeAsync(Server(), ScramHashAlgorithm.Sha256,
            "n,a=alice@example.com,", [], "alice@example.com", "Secret-1");
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task AuthzidWithoutThePrefixAsMailKitSendsItIsInvalidEncoding()
    {
        // MailKit 4.18.2 writes the authzid bare ("n,bob@example.com,n=..."); RFC 5802 §7 requires "a=".
        var client = new SaslMechanismScramSha256(new NetworkCredential("alice@example.com", "Secret-1"))
        {
            AuthorizationId = "bob@example.com",
        };
        var result = await RunAsync(client, Server());
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
        Assert.Equal("invalid-encoding", result.Error?.ScramError);
    }

    [Fact]
    public async Task EscapedCommaAndEqualsInUserNameAreDecoded()
    {
        _store.Add("a,b=c", "pw-1");
        var result = await RunAsync(Client(ScramHashAlgorithm.Sha1, "a,b=c", "pw-1"), Server(ScramHashAlgorithm.Sha1));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("a,b=c", result.Username);
    }

    [Theory]
    [InlineData("x,,n=alice@example.com,r=abc", "other-error")]
    [InlineData("F,n,,n=alice@example.com,r=abc", "other-error")]
    [InlineData("n,b=bob,n=alice@example.com,r=abc", "invalid-encoding")]
    [InlineData("n,a=,n=alice@example.com,r=abc", "invalid-encoding")]
    [InlineData("p=,,n=alice@example.com,r=abc", "other-error")]
    [InlineData("n,,m=ext,n=alice@example.com,r=abc", "extensions-not-supported")]
    [InlineData("n,,n=al=2Dice,r=abc", "invalid-username-encoding")]
    [InlineData("n,,n=,r=abc", "invalid-username-encoding")]
    [InlineData("n,,r=abc,n=alice@example.com", "other-error")]
    [InlineData("n,,n=alice@example.com,r=", "other-error")]
    [InlineData("n,,n=alice@example.com", "other-error")]
    [InlineData("n,n=alice@example.com,r=abc", "invalid-encoding")]
    [InlineData("n", "other-error")]
    [InlineData("", "other-error")]
    public async Task MalformedClientFirstMessagesAreRefused(string message, string scramError)
    {
        var result = await Server().StartAsync(Utf8(message));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
        Assert.Equal(scramError, result.Error?.ScramError);
        Assert.Empty(_store.Lookups);
    }

    [Theory]
    [InlineData("c=biws,r={0}")]
    [InlineData("c=biws,p=AAAA")]
    [InlineData("c=bi!s,r={0},p=AAAA")]
    [InlineData("c=biws,r={0},p=not base64")]
    [InlineData("r={0},c=biws,p=AAAA")]
    [InlineData("c=biws,r={0},p=")]
    public async Task MalformedClientFinalMessagesAreRefused(string template)
    {
        var server = Server();
        var first = Text((await server.StartAsync(Utf8("n,,n=alice@example.com,r=abc"))).Challenge);
        var nonce = first.Split(',')[0][2..];
        var result = await server.StepAsync(Utf8(string.Format(template, nonce)));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task InvalidUtf8IsInvalidEncoding()
    {
        var result = await Server().StartAsync([(byte)'n', (byte)',', (byte)',', 0xC0, 0xAF]);
        Assert.Equal("invalid-encoding", result.Error?.ScramError);
    }

    [Fact]
    public async Task ChannelBindingAttributeMustRepeatTheGs2Header()
    {
        // c=eSws is base64("y,,"), but the client's gs2 header was "n,,".
        var result = await RunAsync(Client(ScramHashAlgorithm.Sha256, "alice@example.com", "Secret-1"), Server(),
            tamper: (step, bytes) => step == 1 ? Replace(bytes, "c=biws", "c=eSws") : bytes);
        Assert.Equal("channel-bindings-dont-match", result.Error?.ScramError);
    }

    internal static byte[] Replace(byte[] message, string find, string replacement) =>
        Utf8(Text(message).Replace(find, replacement, StringComparison.Ordinal));

    private static byte[] FlipProofBit(byte[] message)
    {
        var text = Text(message);
        var at = text.IndexOf(",p=", StringComparison.Ordinal) + 3;
        var proof = Convert.FromBase64String(text[at..]);
        proof[0] ^= 1;
        return Utf8(text[..at] + Convert.ToBase64String(proof));
    }
}
