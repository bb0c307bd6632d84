using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Tls;

/// <summary>
/// Checks a TLS client certificate against the CAs of [tls] client_ca and nothing else: the system's trusted roots
/// play no part, because a certificate any public CA issued must not log anybody in.
/// </summary>
/// <remarks>Revocation is not checked (no CRL or OCSP fetches from inside a handshake); an administrator who must
/// withdraw a certificate before it expires removes the account, or issues from a new CA and replaces client_ca.
/// </remarks>
public sealed class ClientCertificateValidator
{
    /// <summary>id-kp-clientAuth (RFC 5280 §4.2.1.12); a certificate restricted to other purposes is refused.
    /// </summary>
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _authorities;

    private ClientCertificateValidator(X509Certificate2Collection authorities)
    {
        _authorities = authorities;
    }

    /// <summary>Loads the PEM file of [tls] client_ca.</summary>
    /// <exception cref="TlsCertificateException">The file cannot be read or holds no certificate.</exception>
    public static ClientCertificateValidator Load(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            throw new TlsCertificateException($"{path}: cannot read the client CA file ({e.Message})", e);
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new TlsCertificateException($"{path}: malformed PEM certificate ({e.Message})", e);
        }

        if (authorities.Count == 0)
        {
            throw new TlsCertificateException($"{path}: no PEM certificate found");
        }

        return new ClientCertificateValidator(authorities);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to one of the configured CAs, is within its validity
    /// period at <paramref name="now"/> (as is every certificate of the chain) and may be used for client
    /// authentication.</summary>
    /// <param name="presented">The other certificates the client sent (intermediates), or null.</param>
    public bool IsValid(X509Certificate2 certificate, IEnumerable<X509Certificate2>? presented, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_authorities);
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        foreach (var extra in presented ?? [])
        {
            if (!extra.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
            {
                policy.ExtraStore.Add(extra);
            }
        }

        try
        {
            return chain.Build(certificate);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
