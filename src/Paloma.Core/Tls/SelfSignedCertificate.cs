using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Tls;

/// <summary>The certificate generated on first start when none is configured (product capability E).</summary>
public static class SelfSignedCertificate
{
    /// <summary>How long a generated certificate is valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(825);

    /// <summary>
    /// Creates an ECDSA P-256 self-signed server certificate for <paramref name="hostname"/> (subject CN and
    /// subjectAltName), writes it and its PKCS#8 key as PEM, and loads it back.
    /// </summary>
    /// <remarks>The key file is created with mode 0600 on Unix so no other user can read it, even briefly.
    /// Existing files are replaced.</remarks>
    /// <exception cref="TlsCertificateException">A file cannot be written.</exception>
    public static X509Certificate2 CreateAndSave(string hostname, string certPath, string keyPath,
        TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={hostname}"), key,
            HashAlgorithmName.SHA256);

        // RFC 6125 §6.4.4: clients match the subjectAltName, and ignore the CN when a SAN is present.
        var san = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(hostname, out var address))
        {
            san.AddIpAddress(address);
        }
        else
        {
            san.AddDnsName(hostname);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        // A day of backdating tolerates clients whose clocks run slow.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));
        WriteFile(certPath, certificate.ExportCertificatePem() + "\n", secret: false);
        WriteFile(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
        return CertificateLoader.Load(certPath, keyPath);
    }

    private static void WriteFile(string path, string content, bool secret)
    {
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (secret && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            // UnixCreateMode applies only to a new file, so an existing key file is narrowed before the new key
            // is written into it.
            if (secret && !OperatingSystem.IsWindows() && File.Exists(path))
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(content);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException($"{path}: cannot write the {(secret ? "key" : "certificate")} file "
                + $"({e.Message})", e);
        }
    }
}
