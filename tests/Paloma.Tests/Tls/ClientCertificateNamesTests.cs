using Paloma.Config;
using Paloma.Tests.Auth;
using Paloma.Tls;

namespace Paloma.Tests.Tls;

/// <summary>Which addresses a client certificate offers to the EXTERNAL mapping, and the [tls] client_ca key.
/// </summary>
public sealed class ClientCertificateNamesTests : IDisposable
{
    private readonly TestClientCa _ca = new();

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void SubjectAltNameComesFirstThenEmailAddressThenAnAddressLikeCommonName()
    {
        using var certificate = _ca.Issue("alice@example.com",
            subject: "CN=bob@example.com, E=carol@example.com, O=Example");
        Assert.Equal(["alice@example.com", "carol@example.com", "bob@example.com"],
            ClientCertificateNames.CandidateAddresses(certificate));
    }

    [Fact]
    public void ACommonNameThatIsNoAddressNamesNobody()
    {
        using var certificate = _ca.Issue(null, subject: "CN=Alice Example, O=Example");
        Assert.Empty(ClientCertificateNames.CandidateAddresses(certificate));
    }

    [Fact]
    public void TheValidatorAcceptsOnlyItsOwnCaWithinTheValidityPeriod()
    {
        var validator = ClientCertificateValidator.Load(_ca.PemPath);
        using var other = new TestClientCa("Other CA");
        using var good = _ca.Issue("alice@example.com");
        using var expired = _ca.Issue("alice@example.com", expired: true);
        using var foreign = other.Issue("alice@example.com");
        var now = DateTimeOffset.UtcNow;
        Assert.True(validator.IsValid(good, null, now));
        Assert.False(validator.IsValid(good, null, now.AddYears(2)));
        Assert.False(validator.IsValid(expired, null, now));
        Assert.False(validator.IsValid(foreign, null, now));
    }

    [Fact]
    public void ClientCaAndSubmissionRequireTlsAreRead()
    {
        var defaults = ConfigLoader.Parse("", "paloma.toml");
        Assert.Null(defaults.Tls.ClientCa);
        Assert.True(defaults.Submission.RequireTls);
        var config = ConfigLoader.Parse("""
            [tls]
            client_ca = "/etc/paloma/client-ca.pem"
            [submission]
            require_tls = false
            """, "paloma.toml");
        Assert.Equal("/etc/paloma/client-ca.pem", config.Tls.ClientCa);
        Assert.False(config.Submission.RequireTls);
    }

    [Fact]
    public void AMissingClientCaFileIsAConfigurationError()
    {
        var path = Path.Combine(Path.GetTempPath(), "paloma-missing-" + Guid.NewGuid().ToString("N") + ".pem");
        Assert.Throws<TlsCertificateException>(() => ClientCertificateValidator.Load(path));
    }
}
