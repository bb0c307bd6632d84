using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

public sealed class SaslCredentialsTests
{
    [Fact]
    public void DeriveProducesEveryMechanismsSecretWithIndependentSalts()
    {
        var credentials = SaslCredentials.Derive("Secret-1", digestUsername: "alice@example.com",
            digestRealm: "mx.example.com");
        Assert.Equal(4096, credentials.ScramSha1!.Iterations);
        Assert.Equal(20, credentials.ScramSha1.StoredKey.Length);
        Assert.Equal(32, credentials.ScramSha256!.ServerKey.Length);
        Assert.NotEqual(credentials.ScramSha1.Salt, credentials.ScramSha256.Salt);
        Assert.NotNull(credentials.CramMd5);
        Assert.Equal("mx.example.com", credentials.DigestMd5!.Realm);

        var again = SaslCredentials.Derive("Secret-1");
        Assert.NotEqual(credentials.ScramSha256.Salt, again.ScramSha256!.Salt);
        Assert.Null(again.DigestMd5);
    }

    [Fact]
    public void SerializedFormRoundTripsAndHoldsNoPlaintext()
    {
        var credentials = SaslCredentials.Derive("Secret-1", 5000, "alice@example.com", "mx.example.com");
        var stored = credentials.Serialize();
        Assert.DoesNotContain("Secret-1", stored);
        Assert.StartsWith("SCRAM-SHA-1$5000$", stored);
        Assert.Contains(" SCRAM-SHA-256$5000$", stored);
        Assert.Contains(" CRAM-MD5$", stored);
        Assert.Contains(" DIGEST-MD5$", stored);

        var parsed = SaslCredentials.Parse(stored);
        Assert.Equal(stored, parsed.Serialize());
        Assert.Equal(credentials.ScramSha256!.StoredKey, parsed.ScramSha256!.StoredKey);
        Assert.Equal(credentials.CramMd5!.ToBytes(), parsed.CramMd5!.ToBytes());
    }

    [Fact]
    public void UnknownSchemesAreSkipped()
    {
        var stored = SaslCredentials.Derive("pw").Serialize() + " SCRAM-SHA-512$1$a$b$c";
        Assert.NotNull(SaslCredentials.Parse(stored).ScramSha256);
    }

    [Theory]
    [InlineData("SCRAM-SHA-1$4096$c2FsdA==$AAAA")]
    [InlineData("SCRAM-SHA-1$-1$c2FsdA==$AAAA$AAAA")]
    [InlineData("SCRAM-SHA-256$4096$c2FsdA==$AAAA$AAAA")]
    [InlineData("CRAM-MD5$AAAA")]
    [InlineData("CRAM-MD5$!!!")]
    [InlineData("DIGEST-MD5$bXg=")]
    public void DamagedEntriesAreRejected(string stored)
    {
        Assert.Throws<FormatException>(() => SaslCredentials.Parse(stored));
        Assert.False(SaslCredentials.TryParse(stored, out _));
    }

    [Fact]
    public void PasswordIsSaslPreppedBeforeDerivation()
    {
        // RFC 4013 §3 example: U+00AD (soft hyphen) is mapped to nothing, so "I\u00ADX" derives as "IX".
        var prepared = SaslCredentials.Derive("I\u00ADX");
        var salt = prepared.ScramSha256!.Salt;
        var plain = SaslCredentials.DeriveScram("IX", ScramHashAlgorithm.Sha256, salt, 4096);
        Assert.Equal(plain.StoredKey, prepared.ScramSha256.StoredKey);
    }

    [Fact]
    public void ProhibitedPasswordIsRefused()
    {
        Assert.Throws<FormatException>(() => SaslCredentials.Derive("bad\u0007"));
    }
}
