using Paloma.Config;
using Paloma.Sasl;

namespace Paloma.Accounts;

/// <summary>
/// Which SASL secrets the account store derives when a password is set. SCRAM keys always; the
/// password-equivalent CRAM-MD5 and DIGEST-MD5 secrets only when those mechanisms are enabled, so a site that
/// does not offer them never stores them (docs/sasl-credentials.md).
/// </summary>
/// <param name="CramMd5">Store the CRAM-MD5 HMAC contexts.</param>
/// <param name="DigestMd5Realm">Store H(user:realm:password) for this realm; null for none.</param>
/// <param name="ScramIterations">PBKDF2 iterations of the SCRAM keys (RFC 7677 §4: at least 4096).</param>
public sealed record SaslDerivationOptions(
    bool CramMd5 = false,
    string? DigestMd5Realm = null,
    int ScramIterations = SaslCredentials.DefaultScramIterations)
{
    /// <summary>What <paramref name="config"/>'s [auth] mechanisms need; the DIGEST-MD5 realm is the host name,
    /// as the mechanism announces it.</summary>
    public static SaslDerivationOptions FromConfig(PalomaConfig config)
    {
        bool Enabled(string name) => config.Auth.Mechanisms.Contains(name, StringComparer.OrdinalIgnoreCase);
        return new SaslDerivationOptions(
            Enabled(SaslMechanismNames.CramMd5),
            Enabled(SaslMechanismNames.DigestMd5) ? config.Server.Hostname : null);
    }

    /// <summary>Derives the credentials for <paramref name="address"/> (already normalised) and serialises them.
    /// </summary>
    public string Derive(string address, string preparedPassword)
    {
        var all = SaslCredentials.Derive(preparedPassword, ScramIterations, address, DigestMd5Realm);
        return new SaslCredentials
        {
            ScramSha1 = all.ScramSha1,
            ScramSha256 = all.ScramSha256,
            CramMd5 = CramMd5 ? all.CramMd5 : null,
            DigestMd5 = DigestMd5Realm is null ? null : all.DigestMd5,
        }.Serialize();
    }
}
