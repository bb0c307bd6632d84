using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Tests.Auth;

/// <summary>
/// A certificate authority made for one test, written as PEM to a temporary file for [tls] client_ca, and the
/// client certificates it issues. Dispose deletes the file.
/// </summary>
internal sealed class TestClientCa : IDisposable
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _authority;

    public TestClientCa(string name = "Paloma Test Client CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        _authority = request.CreateSelfSigned(now.AddDays(-30), now.AddYears(1));
        PemPath = Path.Combine(Path.GetTempPath(), "paloma-client-ca-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(PemPath, _authority.ExportCertificatePem());
    }

    /// <summary>The file to set as [tls] client_ca.</summary>
    public string PemPath { get; }

    /// <summary>A client certificate with <paramref name="address"/> as its subjectAltName rfc822Name (when
    /// given), the subject <paramref name="subject"/>, valid for client authentication.</summary>
    public X509Certificate2 Issue(string? address, string subject = "CN=Test Client", bool expired = false,
        bool serverAuthOnly = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usage = serverAuthOnly ? "1.3.6.1.5.5.7.3.1" : ClientAuthOid;
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (address is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddEmailAddress(address);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var (notBefore, notAfter) = expired ? (now.AddDays(-20), now.AddDays(-1)) : (now.AddDays(-1), now.AddDays(30));
        using var issued = request.Create(_authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives the key a form every SslStream platform can sign with.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    public void Dispose()
    {
        _authority.Dispose();
        File.Delete(PemPath);
    }
}
