using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Paloma.Config;
using Paloma.Sasl;
using Paloma.Tls;

namespace Paloma.Hosting;

/// <summary>
/// What every protocol needs for TLS and authentication: the certificate, the configured SASL mechanisms, the
/// credential store, the failure throttle, and the STARTTLS / implicit-TLS handshake itself.
/// </summary>
public sealed class AuthServices
{
    private readonly byte[] _scramFakeSaltKey;
    private volatile Settings _settings;
    private volatile TlsCertificateProvider? _tls;
    private volatile ClientCertificateValidator? _clientCa;

    public AuthServices(PalomaConfig config, ISaslCredentialStore credentials, TlsCertificateProvider? tls,
        ILogger logger, TimeProvider time)
    {
        Credentials = credentials;
        _tls = tls;
        Logger = logger;
        Time = time;
        _settings = new Settings(config);
        var auth = config.Auth;
        Throttle = new AuthThrottle(auth.DelayAfterFailures, TimeSpan.FromSeconds(auth.FailureDelay),
            auth.MaxFailures, TimeSpan.FromSeconds(auth.FailureWindow), time);
        _scramFakeSaltKey = LoadOrCreateFakeSaltKey(config.DataDirectory);
        try
        {
            _clientCa = config.Tls.ClientCa is { } clientCa ? ClientCertificateValidator.Load(clientCa) : null;
        }
        catch (TlsCertificateException e)
        {
            throw new ConfigException(e.Message);
        }
    }

    /// <summary>The configured mechanisms (the configuration in force when asked).</summary>
    public SaslMechanismRegistry Mechanisms => _settings.Mechanisms;

    public ISaslCredentialStore Credentials { get; }

    /// <summary>The certificate; null when TLS could not be set up (STARTTLS is then not offered).</summary>
    public TlsCertificateProvider? Tls => _tls;

    public AuthThrottle Throttle { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>[auth] plaintext_requires_tls.</summary>
    public bool PlaintextRequiresTls => _settings.Config.Auth.PlaintextRequiresTls;

    /// <summary>Applies a reloaded configuration: mechanisms, relay mechanisms, throttle thresholds and the
    /// certificate (re-read, or loaded from new paths). A certificate that cannot be loaded leaves the previous
    /// one in use.</summary>
    public void Apply(PalomaConfig config)
    {
        var previous = _settings.Config;
        _settings = new Settings(config);
        var auth = config.Auth;
        Throttle.Configure(auth.DelayAfterFailures, TimeSpan.FromSeconds(auth.FailureDelay), auth.MaxFailures,
            TimeSpan.FromSeconds(auth.FailureWindow));
        ApplyClientCa(config.Tls.ClientCa);
        if (previous.Tls.Cert == config.Tls.Cert && previous.Tls.Key == config.Tls.Key)
        {
            _tls?.ReloadNow();
            return;
        }

        try
        {
            _tls = TlsCertificateProvider.Create(config, Logger, Time);
        }
        catch (TlsCertificateException e)
        {
            AuthLog.CertificateReloadFailed(Logger, config.Tls.Cert ?? "(generated)", e.Message);
        }
    }

    /// <summary>Re-reads [tls] client_ca on reload; a file that cannot be loaded leaves the previous CAs in use.
    /// </summary>
    private void ApplyClientCa(string? path)
    {
        if (path is null)
        {
            _clientCa = null;
            return;
        }

        try
        {
            _clientCa = ClientCertificateValidator.Load(path);
        }
        catch (TlsCertificateException e)
        {
            AuthLog.CertificateReloadFailed(Logger, path, e.Message);
        }
    }

    /// <summary>Whether a password may be sent in the clear on <paramref name="connection"/> (USER/PASS, LOGIN,
    /// PLAIN).</summary>
    public bool PlaintextAllowed(Connection connection) => !PlaintextRequiresTls || IsSecure(connection);

    /// <summary>[auth] relay_mechanisms: whether a user authenticated with <paramref name="mechanism"/> may
    /// relay.</summary>
    public bool GrantsRelay(string mechanism) => _settings.RelayMechanisms.Contains(mechanism);

    public static bool IsSecure(Connection connection) => connection.Stream is SslStream;

    /// <summary>The mechanisms' view of <paramref name="connection"/>, rebuilt after STARTTLS.</summary>
    /// <param name="service">DIGEST-MD5 serv-type: "smtp", "imap" or "pop".</param>
    public SaslContext CreateContext(Connection connection, string service)
    {
        var ssl = connection.Stream as SslStream;
        return new SaslContext
        {
            Credentials = Credentials,
            Hostname = _settings.Config.Server.Hostname,
            IsSecure = ssl is not null,
            ChannelBinding = ssl is null ? null : ServerEndPointBinding(ssl),
            ClientCertificate = connection.ClientCertificate,
            Service = service,
            ScramFakeSaltKey = _scramFakeSaltKey,
            TimeProvider = Time,
        };
    }

    /// <summary>Counts a failed authentication, logs it, and holds the caller back if the throttle says so.
    /// </summary>
    public async Task<ThrottleVerdict> RecordFailureAsync(Connection connection, string protocol, string mechanism,
        string reason)
    {
        var ip = connection.RemoteEndPoint.Address;
        AuthLog.Failed(Logger, connection.SessionId, protocol, ip, mechanism, reason);
        Metrics.PalomaMetrics.RecordAuthFailure(protocol);
        var verdict = Throttle.RecordFailure(ip);
        if (verdict.Delay > TimeSpan.Zero)
        {
            AuthLog.Delayed(Logger, connection.SessionId, ip, verdict.Failures,
                (long)verdict.Delay.TotalMilliseconds);
            await Throttle.DelayAsync(verdict, connection.Aborted).ConfigureAwait(false);
        }

        return verdict;
    }

    /// <summary>
    /// Performs the server TLS handshake on <paramref name="connection"/> and swaps its stream. Whatever the
    /// client sent before the handshake and is still buffered is discarded by the swap (RFC 3207 §4.2, RFC 2595
    /// §4, RFC 3501 §6.2.1; cases C03 and C04).
    /// </summary>
    /// <returns>False when the handshake failed; the session must then end.</returns>
    public async Task<bool> StartTlsAsync(Connection connection, string protocol, TimeSpan timeout)
    {
        if (_tls is not { } tls)
        {
            return false;
        }

        var ssl = new SslStream(connection.Stream, leaveInnerStreamOpen: false);
        connection.SetTimeout(timeout);
        ClientCertificateCheck? clientCertificate = null;
        try
        {
            // Right after a start the certificate's handshake context may still be in the making: this waits
            // for it, within the handshake's timeout.
            var options = await tls.ServerOptionsAsync(connection.Aborted).ConfigureAwait(false);
            clientCertificate = _clientCa is { } clientCa ? RequestClientCertificate(options, clientCa) : null;
            await ssl.AuthenticateAsServerAsync(options, connection.Aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException
                                      or TlsCertificateException)
        {
            AuthLog.TlsFailed(Logger, connection.SessionId, protocol, e.Message);
            await ssl.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        var mapped = clientCertificate is null
            ? null
            : await MapClientCertificateAsync(connection, clientCertificate).ConfigureAwait(false);
        connection.ReplaceStream(ssl, mapped);
        AuthLog.TlsEstablished(Logger, connection.SessionId, protocol, TlsVersion(ssl),
            ssl.NegotiatedCipherSuite.ToString());
        return true;
    }

    /// <summary>
    /// Makes the handshake ask for a client certificate (RFC 8446 §4.3.2, RFC 5246 §7.4.4) without requiring
    /// one: the callback accepts the handshake whatever the client sends, and only records whether the
    /// certificate chains to [tls] client_ca. A client without a certificate, or with another one, still gets
    /// TLS; it just cannot use EXTERNAL.
    /// </summary>
    private ClientCertificateCheck RequestClientCertificate(SslServerAuthenticationOptions options,
        ClientCertificateValidator clientCa)
    {
        var check = new ClientCertificateCheck();
        options.ClientCertificateRequired = true;
        options.RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
        {
            if (certificate is not null)
            {
                check.Certificate = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                check.Valid = clientCa.IsValid(check.Certificate, chain?.ChainPolicy.ExtraStore, Time.GetUtcNow());
            }

            return true;
        };
        return check;
    }

    /// <summary>The presented certificate when it is valid and names an existing account (RFC 4422 Appendix A:
    /// the external identity), else null; either way one log line says what became of it.</summary>
    private async Task<X509Certificate2?> MapClientCertificateAsync(Connection connection,
        ClientCertificateCheck check)
    {
        if (check.Certificate is not { } certificate)
        {
            return null;
        }

        if (!check.Valid)
        {
            AuthLog.ClientCertificateRejected(Logger, connection.SessionId, certificate.Subject,
                "not issued by a client_ca authority, outside its validity period or not for client authentication");
            return null;
        }

        var account = await Credentials.MapCertificateAsync(certificate, connection.Aborted).ConfigureAwait(false);
        if (account is null)
        {
            AuthLog.ClientCertificateRejected(Logger, connection.SessionId, certificate.Subject,
                "names no existing account");
            return null;
        }

        AuthLog.ClientCertificateMapped(Logger, connection.SessionId, certificate.Subject, account);
        return certificate;
    }

    /// <summary>"TLSv1.3" and the like, as Received: headers usually spell it (RFC 8314 §7.1 leaves the form
    /// free).</summary>
    public static string TlsVersion(SslStream ssl) => ssl.SslProtocol switch
    {
#pragma warning disable SYSLIB0039 // only named here, never enabled
        SslProtocols.Tls => "TLSv1",
        SslProtocols.Tls11 => "TLSv1.1",
#pragma warning restore SYSLIB0039
        SslProtocols.Tls12 => "TLSv1.2",
        SslProtocols.Tls13 => "TLSv1.3",
        var other => other.ToString(),
    };

    /// <summary>RFC 5929 §4 tls-server-end-point, computed from our own certificate; .NET exposes no TLS exporter
    /// (RFC 9266), so SCRAM-*-PLUS binds to the certificate.</summary>
    private static ChannelBinding? ServerEndPointBinding(SslStream ssl)
    {
        try
        {
            return ssl.LocalCertificate is X509Certificate2 certificate
                ? ChannelBinding.TlsServerEndPoint(certificate)
                : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The key for SCRAM's fake salts of unknown users, kept in {data_dir}/scram-fake-salt.key so the
    /// salt an unknown name gets does not change on restart (which would reveal that it is fake).</summary>
    private static byte[] LoadOrCreateFakeSaltKey(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "scram-fake-salt.key");
        try
        {
            if (File.Exists(path) && File.ReadAllBytes(path) is { Length: 32 } existing)
            {
                return existing;
            }

            var key = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            {
                stream.Write(key);
            }

            return key;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not fatal: a per-process key only makes unknown users' salts change across restarts.
            return RandomNumberGenerator.GetBytes(32);
        }
    }

    /// <summary>The reloadable part, swapped as a whole.</summary>
    private sealed class Settings(PalomaConfig config)
    {
        public PalomaConfig Config { get; } = config;

        public SaslMechanismRegistry Mechanisms { get; } = new(config.Auth.Mechanisms,
            allowPlaintextWithoutTls: !config.Auth.PlaintextRequiresTls);

        public HashSet<string> RelayMechanisms { get; } =
            new(config.Auth.RelayMechanisms, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>What the handshake's validation callback learnt about the client certificate.</summary>
    private sealed class ClientCertificateCheck
    {
        public X509Certificate2? Certificate { get; set; }

        public bool Valid { get; set; }
    }
}
