using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

public sealed class ExternalMechanismTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();
    private readonly X509Certificate2 _certificate = ClientCertificate("CN=alice");

    private ExternalMechanism Server(X509Certificate2? certificate) => new(new SaslContext
    {
        Credentials = _store,
        Hostname = "mx.example.com",
        IsSecure = true,
        ClientCertificate = certificate,
    });

    [Theory]
    [InlineData("")]
    [InlineData("alice@example.com")]
    [InlineData("ALICE@example.com")]
    public async Task MappedCertificateAuthenticatesWithEmptyOrOwnAuthzid(string authzid)
    {
        _store.MapCertificate(_certificate, "alice@example.com");
        var result = await Server(_certificate).StartAsync(Utf8(authzid));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task WithoutInitialResponseTheChallengeIsEmptyAndTheAuthzidFollows()
    {
        _store.MapCertificate(_certificate, "alice@example.com");
        var server = Server(_certificate);
        var first = await server.StartAsync(null);
        Assert.True(first.IsContinue);
        Assert.Empty(first.Challenge);
        Assert.True((await server.StepAsync(Array.Empty<byte>())).IsSuccess);
    }

    [Fact]
    public async Task AuthzidOfAnotherAccountIsNotPermitted()
    {
        _store.MapCertificate(_certificate, "alice@example.com");
        var result = await Server(_certificate).StartAsync(Utf8("bob@example.com"));
        Assert.Equal(SaslErrorKind.AuthzidNotPermitted, result.Error?.Kind);
    }

    [Fact]
    public async Task UnmappedCertificateFails()
    {
        var result = await Server(_certificate).StartAsync([]);
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task NoCertificateFails()
    {
        var result = await Server(null).StartAsync([]);
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task NulInAuthzidIsMalformed()
    {
        _store.MapCertificate(_certificate, "alice@example.com");
        var result = await Server(_certificate).StartAsync(Utf8("alice@example.com\0"));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    internal static X509Certificate2 ClientCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
