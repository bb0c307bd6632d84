using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Paloma.Config;
using Paloma.Hosting;

namespace Paloma.Tls;

/// <summary>
/// The server certificate every TLS handshake uses (STARTTLS and implicit TLS, all protocols). The files are
/// checked before each handshake (two stat calls) and re-read when either changed, so a renewed certificate is
/// picked up without a restart; sessions already in TLS keep the one they negotiated (PRODUCT E).
/// </summary>
public sealed class TlsCertificateProvider
{
    private readonly string _certPath;
    private readonly string _keyPath;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private volatile Loaded _current;

    private TlsCertificateProvider(string certPath, string keyPath, Loaded loaded, ILogger logger)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _current = loaded;
        _logger = logger;
    }

    /// <summary>The certificate currently served (the leaf).</summary>
    public X509Certificate2 Certificate => Current.Certificate;

    private Loaded Current
    {
        get
        {
            var current = _current;
            return current.Stamp == Stamp.Of(_certPath, _keyPath) ? current : Reload();
        }
    }

    /// <summary>
    /// Loads [tls] cert and key, or, with neither set, the self-signed pair in {data_dir}/tls/, generating it
    /// on first start (and again if it is unusable or expired) with a log line saying so.
    /// </summary>
    /// <exception cref="TlsCertificateException">Only one of cert and key is set, or they cannot be loaded.
    /// </exception>
    public static TlsCertificateProvider Create(PalomaConfig config, ILogger logger, TimeProvider? time = null)
    {
        var (cert, key) = (config.Tls.Cert, config.Tls.Key);
        if (cert is null != key is null)
        {
            throw new TlsCertificateException("[tls] cert and key must be set together (or neither, for a "
                + "generated self-signed certificate)");
        }

        if (cert is null || key is null)
        {
            var directory = Path.Combine(config.DataDirectory, "tls");
            cert = Path.Combine(directory, "cert.pem");
            key = Path.Combine(directory, "key.pem");
            EnsureSelfSigned(config.Server.Hostname, cert, key, logger, time ?? TimeProvider.System);
        }

        var loaded = Load(cert, key);
        AuthLog.CertificateLoaded(logger, cert, loaded.Certificate.Subject, loaded.Certificate.NotAfter);
        return new TlsCertificateProvider(cert, key, loaded, logger);
    }

    /// <summary>Options for one server handshake: the current certificate, TLS 1.2 and 1.3 only.</summary>
    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificateContext = Current.Context,

        // PRODUCT E and RFC 8996: TLS 1.0 and 1.1 are deprecated; RFC 8314 §4.1 asks for TLS 1.2 or later.
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
    };

    /// <summary>Re-reads the files now (for <c>paloma reload</c>); a failure keeps the previous certificate.
    /// </summary>
    public void ReloadNow()
    {
        lock (_reloadLock)
        {
            _current = _current with { Stamp = default };
        }

        _ = Current;
    }

    private Loaded Reload()
    {
        lock (_reloadLock)
        {
            var current = _current;
            var stamp = Stamp.Of(_certPath, _keyPath);
            if (current.Stamp == stamp)
            {
                return current;
            }

            try
            {
                var loaded = Load(_certPath, _keyPath);
                AuthLog.CertificateLoaded(_logger, _certPath, loaded.Certificate.Subject, loaded.Certificate.NotAfter);
                _current = loaded;
                return loaded;
            }
            catch (TlsCertificateException e)
            {
                // A renewal tool may be half-way through writing the pair; keep serving the old one and remember
                // this stamp so that the failure is logged once, not on every handshake.
                AuthLog.CertificateReloadFailed(_logger, _certPath, e.Message);
                _current = current with { Stamp = stamp };
                return _current;
            }
        }
    }

    private static Loaded Load(string certPath, string keyPath)
    {
        var stamp = Stamp.Of(certPath, keyPath);
        var certificate = CertificateLoader.Load(certPath, keyPath);
        var intermediates = CertificateLoader.LoadIntermediates(certPath);
        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return new Loaded(certificate, context, stamp);
    }

    private static void EnsureSelfSigned(string hostname, string certPath, string keyPath, ILogger logger,
        TimeProvider time)
    {
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            try
            {
                using var existing = CertificateLoader.Load(certPath, keyPath);
                if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(1))
                {
                    return;
                }

                AuthLog.SelfSignedReplaced(logger, certPath, "expired");
            }
            catch (TlsCertificateException e)
            {
                AuthLog.SelfSignedReplaced(logger, certPath, e.Message);
            }
        }

        using var created = SelfSignedCertificate.CreateAndSave(hostname, certPath, keyPath, time);
        AuthLog.SelfSignedGenerated(logger, hostname, certPath);
    }

    private sealed record Loaded(X509Certificate2 Certificate, SslStreamCertificateContext Context, Stamp Stamp);

    /// <summary>What identifies a version of the pair of files: modification times and sizes.</summary>
    private readonly record struct Stamp(DateTime CertTime, long CertLength, DateTime KeyTime, long KeyLength)
    {
        public static Stamp Of(string certPath, string keyPath)
        {
            var cert = new FileInfo(certPath);
            var key = new FileInfo(keyPath);
            return new Stamp(cert.Exists ? cert.LastWriteTimeUtc : default, cert.Exists ? cert.Length : -1,
                key.Exists ? key.LastWriteTimeUtc : default, key.Exists ? key.Length : -1);
        }
    }
}
