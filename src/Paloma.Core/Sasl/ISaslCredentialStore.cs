using System.Security.Cryptography.X509Certificates;

namespace Paloma.Sasl;

/// <summary>
/// The account store as the mechanisms see it. Each lookup returns null (or false) for an unknown user and for
/// a user without that kind of credential; the mechanisms then fail exactly as for a wrong password.
/// </summary>
/// <remarks>User names arrive already SASLprep-normalised (RFC 4013).</remarks>
public interface ISaslCredentialStore
{
    /// <summary>For PLAIN and LOGIN: whether <paramref name="password"/> (SASLprep-normalised) is the user's
    /// password.</summary>
    ValueTask<bool> VerifyPasswordAsync(string username, string password, CancellationToken cancellationToken);

    /// <summary>For SCRAM-SHA-1(-PLUS) and SCRAM-SHA-256(-PLUS).</summary>
    ValueTask<ScramCredential?> GetScramCredentialAsync(string username, ScramHashAlgorithm algorithm,
        CancellationToken cancellationToken);

    /// <summary>For CRAM-MD5: the precomputed HMAC-MD5 contexts, never the plaintext password.</summary>
    ValueTask<CramMd5Secret?> GetCramMd5SecretAsync(string username, CancellationToken cancellationToken);

    /// <summary>For DIGEST-MD5: H(username:realm:password) for that realm.</summary>
    ValueTask<DigestMd5Secret?> GetDigestMd5SecretAsync(string username, string realm,
        CancellationToken cancellationToken);

    /// <summary>For EXTERNAL: the account a verified TLS client certificate belongs to, or null.</summary>
    /// <remarks>The TLS layer has already validated the chain; this only maps it to an account.</remarks>
    ValueTask<string?> MapCertificateAsync(X509Certificate2 certificate, CancellationToken cancellationToken);
}
