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
    private readonly ContextBuilder _buildContext;
    private readonly Lock _reloadLock = new();
    private volatile Loaded _current;

    private TlsCertificateProvider(string certPath, string keyPath, Loaded loaded, ILogger logger,
        ContextBuilder buildContext)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _current = loaded;
        _logger = logger;
        _buildContext = buildContext;
    }

    /// <summary>Makes the handshake context of a pair just read (tests substitute one they complete themselves).
    /// </summary>
    internal delegate Task<SslStreamCertificateContext> ContextBuilder(X509Certificate2 certificate,
        X509Certificate2Collection intermediates);

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
    /// <remarks>The files are read and checked here, so a broken pair fails at once. Only the handshake context
    /// (<see cref="SslStreamCertificateContext"/>, whose chain build reads the whole system trust store: about
    /// 0.1 s of CPU) is made in the background; a handshake that comes before it is ready waits for it.</remarks>
    /// <exception cref="TlsCertificateException">Only one of cert and key is set, or they cannot be loaded.
    /// </exception>
    public static TlsCertificateProvider Create(PalomaConfig config, ILogger logger, TimeProvider? time = null) =>
        Create(config, logger, time, BuildContextOnThreadPool);

    internal static TlsCertificateProvider Create(PalomaConfig config, ILogger logger, TimeProvider? time,
        ContextBuilder buildContext)
    {
        var (cert, key) = (config.Tls.Cert, config.Tls.Key);
        RequireBothOrNeither(cert, key);
        Pair pair;
        if (cert is null || key is null)
        {
            var directory = Path.Combine(config.DataDirectory, "tls");
            cert = Path.Combine(directory, "cert.pem");
            key = Path.Combine(directory, "key.pem");
            pair = ReadOrCreateSelfSigned(config.Server.Hostname, cert, key, logger, time ?? TimeProvider.System);
        }
        else
        {
            pair = Read(cert, key);
        }

        AuthLog.CertificateLoaded(logger, cert, pair.Certificate.Subject, pair.Certificate.NotAfter);
        var certPath = cert;
        var loaded = pair.Prepare(buildContext, error =>
        {
            // Nothing to fall back on at start: said once, at Error, as it is the server's own fault; each
            // handshake then fails with it.
            AuthLog.CertificateContextFailed(logger, certPath, error.Message);
            return Task.FromException<SslStreamCertificateContext>(error);
        });
        return new TlsCertificateProvider(cert, key, loaded, logger, buildContext);
    }

    /// <summary>Reads and checks the configured pair as <see cref="Create(PalomaConfig, ILogger, TimeProvider?)"/>
    /// would, and lets it go: for <c>paloma check</c> and for a reload, which must fail on a pair that a start
    /// would fail on. The generated pair (neither key set) is not checked: a start makes a new one if needed.
    /// </summary>
    /// <exception cref="TlsCertificateException">Only one of cert and key is set, or they cannot be loaded; the
    /// message starts with "[tls]".</exception>
    public static void Validate(PalomaConfig config)
    {
        var (cert, key) = (config.Tls.Cert, config.Tls.Key);
        RequireBothOrNeither(cert, key);
        if (cert is null || key is null)
        {
            return;
        }

        try
        {
            Read(cert, key).Certificate.Dispose();
        }
        catch (TlsCertificateException e)
        {
            throw new TlsCertificateException("[tls] " + e.Message, e);
        }
    }

    private static void RequireBothOrNeither(string? cert, string? key)
    {
        if (cert is null != key is null)
        {
            throw new TlsCertificateException("[tls] cert and key must be set together (or neither, for a "
                + "generated self-signed certificate)");
        }
    }

    /// <summary>Options for one server handshake: the current certificate, TLS 1.2 and 1.3 only. Waits for the
    /// certificate's handshake context while it is still being made (just after a start or a renewal).
    /// </summary>
    /// <exception cref="TlsCertificateException">The context could not be made.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public async ValueTask<SslServerAuthenticationOptions> ServerOptionsAsync(CancellationToken ct)
    {
        var context = await Current.Context.WaitAsync(ct).ConfigureAwait(false);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = context,

            // PRODUCT E and RFC 8996: TLS 1.0 and 1.1 are deprecated; RFC 8314 §4.1 asks for TLS 1.2 or later.
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

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
                var pair = Read(_certPath, _keyPath);
                AuthLog.CertificateLoaded(_logger, _certPath, pair.Certificate.Subject, pair.Certificate.NotAfter);
                _current = pair.Prepare(_buildContext, error => KeepPrevious(current, pair, error));
                return _current;
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

    /// <summary>A renewed pair whose handshake context cannot be made: the handshakes waiting for it, and every
    /// later one, get the previous certificate's context, as for a pair that cannot be read.</summary>
    private Task<SslStreamCertificateContext> KeepPrevious(Loaded previous, Pair failed, TlsCertificateException error)
    {
        AuthLog.CertificateReloadFailed(_logger, _certPath, error.Message);
        lock (_reloadLock)
        {
            if (ReferenceEquals(_current.Certificate, failed.Certificate))
            {
                _current = previous with { Stamp = failed.Stamp };
            }
        }

        return previous.Context;
    }

    /// <summary>Reads and checks the pair: the certificate with its key, and the intermediates after it.</summary>
    private static Pair Read(string certPath, string keyPath)
    {
        var stamp = Stamp.Of(certPath, keyPath);
        var certificate = CertificateLoader.Load(certPath, keyPath);
        try
        {
            return new Pair(certificate, CertificateLoader.LoadIntermediates(certPath), stamp);
        }
        catch
        {
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>The generated pair in {data_dir}/tls/: the existing one while it is usable and valid for more
    /// than a day, else a new one.</summary>
    private static Pair ReadOrCreateSelfSigned(string hostname, string certPath, string keyPath, ILogger logger,
        TimeProvider time)
    {
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            try
            {
                var existing = Read(certPath, keyPath);
                if (existing.Certificate.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(1))
                {
                    return existing;
                }

                existing.Certificate.Dispose();
                AuthLog.SelfSignedReplaced(logger, certPath, "expired");
            }
            catch (TlsCertificateException e)
            {
                AuthLog.SelfSignedReplaced(logger, certPath, e.Message);
            }
        }

        // CreateAndSave reads the files it wrote back; the file holds the one certificate, without intermediates.
        var created = SelfSignedCertificate.CreateAndSave(hostname, certPath, keyPath, time);
        AuthLog.SelfSignedGenerated(logger, hostname, certPath);
        return new Pair(created, [], Stamp.Of(certPath, keyPath));
    }

    private static Task<SslStreamCertificateContext> BuildContextOnThreadPool(X509Certificate2 certificate,
        X509Certificate2Collection intermediates) =>
        Task.Run(() => SslStreamCertificateContext.Create(certificate, intermediates, offline: true));

    /// <summary>A pair as read from its files, before its handshake context exists.</summary>
    private sealed record Pair(X509Certificate2 Certificate, X509Certificate2Collection Intermediates, Stamp Stamp)
    {
        /// <summary>Starts making the handshake context. Offline: the chain is completed from the file's
        /// intermediates and the system store only, never fetched (a mail server must start without reaching a
        /// CA's web site).</summary>
        public Loaded Prepare(ContextBuilder buildContext,
            Func<TlsCertificateException, Task<SslStreamCertificateContext>> onFailure)
        {
            return new Loaded(Certificate, BuildAsync(), Stamp);

            async Task<SslStreamCertificateContext> BuildAsync()
            {
                // Off the caller's thread first, so that a failure handled below never runs inside the caller
                // (the reload lock is held there, and _current not yet set).
                await Task.Yield();
                try
                {
                    return await buildContext(Certificate, Intermediates).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    return await onFailure(new TlsCertificateException(
                        $"cannot prepare the certificate {Certificate.Subject} for TLS ({e.Message})", e))
                        .ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One version of the pair. <see cref="Context"/> completes once the chain is built.</summary>
    private sealed record Loaded(X509Certificate2 Certificate, Task<SslStreamCertificateContext> Context, Stamp Stamp);

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
