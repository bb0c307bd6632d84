using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

/// <summary>The example exchanges of RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256), replayed
/// against the server with the RFC's server nonce, salt and password.</summary>
public sealed class ScramRfcVectorTests
{
    [Fact]
    public async Task Rfc5802Section5ExampleSucceedsWithTheRfcServerSignature()
    {
        await Replay(ScramHashAlgorithm.Sha1, "QSXCR+Q6sek8bf92", "3rfcNHYJY1ZVvWVs7j",
            "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
            "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
            "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
            "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    [Fact]
    public async Task Rfc7677Section3ExampleSucceedsWithTheRfcServerSignature()
    {
        await Replay(ScramHashAlgorithm.Sha256, "W22ZaJ0SNY7soEsUEjb6gQ==", "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
            "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public async Task Rfc5802ExampleWithOneProofBitFlippedIsInvalidProof()
    {
        var (server, _) = await Begin(ScramHashAlgorithm.Sha1, "QSXCR+Q6sek8bf92", "3rfcNHYJY1ZVvWVs7j",
            "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        var result = await server.StepAsync(
            Utf8("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=w0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
        Assert.Equal("invalid-proof", result.Error?.ScramError);
    }

    private static async Task Replay(ScramHashAlgorithm algorithm, string salt, string serverNonce,
        string clientFirst, string serverFirst, string clientFinal, string serverFinal)
    {
        var (server, first) = await Begin(algorithm, salt, serverNonce, clientFirst);
        Assert.Equal(serverFirst, Text(first.Challenge));
        var result = await server.StepAsync(Utf8(clientFinal));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("user", result.Username);
        Assert.Equal(serverFinal, Text(result.ServerData!));
    }

    private static async Task<(ScramMechanism Server, SaslResult First)> Begin(ScramHashAlgorithm algorithm,
        string salt, string serverNonce, string clientFirst)
    {
        var store = new TestCredentialStore();
        store.AddScram("user",
            SaslCredentials.DeriveScram("pencil", algorithm, Convert.FromBase64String(salt), 4096));
        var context = new SaslContext
        {
            Credentials = store,
            Hostname = "mx.example.com",
            NonceSource = () => serverNonce,
        };
        var server = new ScramMechanism(context, algorithm, plus: false, serverAdvertisesPlus: false);
        var first = await server.StartAsync(Utf8(clientFirst));
        Assert.True(first.IsContinue, first.ToString());
        return (server, first);
    }
}
