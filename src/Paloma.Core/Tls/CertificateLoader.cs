using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Tls;

/// <summary>Loads the server certificate and private key from PEM files.</summary>
public static class CertificateLoader
{
    /// <summary>
    /// Loads the first certificate of <paramref name="certPath"/> with the private key of
    /// <paramref name="keyPath"/> (PKCS#8, SEC1 "EC PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY", unencrypted).
    /// </summary>
    /// <returns>A certificate whose private key SslStream can use.</returns>
    /// <exception cref="TlsCertificateException">A file is missing, unreadable, not PEM, or the key does not
    /// belong to the certificate.</exception>
    public static X509Certificate2 Load(string certPath, string keyPath)
    {
        var certPem = ReadText(certPath, "certificate");
        var keyPem = ReadText(keyPath, "private key");

        X509Certificate2 withKey;
        try
        {
            using var certificateOnly = X509Certificate2.CreateFromPem(certPem);
        }
        catch (CryptographicException e)
        {
            throw new TlsCertificateException($"{certPath}: no PEM certificate could be read ({e.Message})", e);
        }

        try
        {
            withKey = X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsCertificateException(
                $"{keyPath}: no usable unencrypted PEM private key for the certificate in {certPath} ({e.Message})", e);
        }

        if (!withKey.HasPrivateKey)
        {
            withKey.Dispose();
            throw new TlsCertificateException($"{keyPath}: the key does not match the certificate in {certPath}");
        }

        // A key imported from PEM is ephemeral. OpenSSL, under SslStream on Linux, uses it as it is; elsewhere a
        // PKCS#12 round trip gives it a form SslStream accepts (Windows SChannel refuses ephemeral keys
        // outright). The round trip is skipped on Linux because its key derivations cost tens of milliseconds
        // of every start.
        if (OperatingSystem.IsLinux())
        {
            return withKey;
        }

        using (withKey)
        {
            var pkcs12 = withKey.Export(X509ContentType.Pkcs12);
            try
            {
                return X509CertificateLoader.LoadPkcs12(pkcs12, password: null);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs12);
            }
        }
    }

    /// <summary>The certificates after the first in <paramref name="certPath"/> (a full-chain file's
    /// intermediates), for <c>SslStreamCertificateContext.Create</c>.</summary>
    /// <exception cref="TlsCertificateException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection LoadIntermediates(string certPath)
    {
        var all = new X509Certificate2Collection();
        try
        {
            all.ImportFromPem(ReadText(certPath, "certificate"));
        }
        catch (CryptographicException e)
        {
            throw new TlsCertificateException($"{certPath}: malformed PEM certificate ({e.Message})", e);
        }

        if (all.Count == 0)
        {
            throw new TlsCertificateException($"{certPath}: no PEM certificate found");
        }

        all.RemoveAt(0);
        return all;
    }

    private static string ReadText(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException)
        {
            throw new TlsCertificateException($"{path}: cannot read the {what} file ({e.Message})", e);
        }
    }
}
