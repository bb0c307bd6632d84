using System.Net;
using Microsoft.Extensions.Logging;

namespace Paloma.Hosting;

/// <summary>
/// Log events of authentication and TLS, shared by SMTP, IMAP and POP3. EventIds 6000-6099; next free: 6015.
/// A failed login is the client's mistake (Information, so an administrator sees brute force); only our own
/// faults (a certificate that cannot be loaded) are Warning or above.
/// </summary>
internal static partial class AuthLog
{
    [LoggerMessage(6000, LogLevel.Information,
        "auth ok session={SessionId} protocol={Protocol} user={User} mechanism={Mechanism}")]
    public static partial void Succeeded(ILogger logger, string sessionId, string protocol, string user,
        string mechanism);

    [LoggerMessage(6001, LogLevel.Information,
        "auth failed session={SessionId} protocol={Protocol} client={RemoteIp} mechanism={Mechanism} "
        + "reason={Reason}")]
    public static partial void Failed(ILogger logger, string sessionId, string protocol, IPAddress remoteIp,
        string mechanism, string reason);

    [LoggerMessage(6002, LogLevel.Debug,
        "auth aborted session={SessionId} protocol={Protocol} mechanism={Mechanism} reason={Reason}")]
    public static partial void Aborted(ILogger logger, string sessionId, string protocol, string mechanism,
        string reason);

    [LoggerMessage(6003, LogLevel.Information,
        "auth throttled session={SessionId} client={RemoteIp} failures={Failures} delay_ms={DelayMs}")]
    public static partial void Delayed(ILogger logger, string sessionId, IPAddress remoteIp, int failures,
        long delayMs);

    [LoggerMessage(6004, LogLevel.Warning,
        "auth refused, too many failures session={SessionId} client={RemoteIp} failures={Failures}")]
    public static partial void Refused(ILogger logger, string sessionId, IPAddress remoteIp, int failures);

    [LoggerMessage(6005, LogLevel.Information,
        "tls session={SessionId} protocol={Protocol} version={TlsVersion} cipher={Cipher}")]
    public static partial void TlsEstablished(ILogger logger, string sessionId, string protocol, string tlsVersion,
        string cipher);

    [LoggerMessage(6006, LogLevel.Information, "tls handshake failed session={SessionId} protocol={Protocol}: "
        + "{Reason}")]
    public static partial void TlsFailed(ILogger logger, string sessionId, string protocol, string reason);

    [LoggerMessage(6007, LogLevel.Information,
        "tls: no certificate configured; generated a self-signed certificate for {Hostname} in {CertPath}")]
    public static partial void SelfSignedGenerated(ILogger logger, string hostname, string certPath);

    [LoggerMessage(6008, LogLevel.Information,
        "tls certificate loaded path={CertPath} subject={Subject} not_after={NotAfter:O}")]
    public static partial void CertificateLoaded(ILogger logger, string certPath, string subject,
        DateTime notAfter);

    [LoggerMessage(6009, LogLevel.Warning,
        "tls certificate reload failed path={CertPath}; the previous certificate stays in use: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string certPath, string reason);

    [LoggerMessage(6010, LogLevel.Debug,
        "plaintext authentication refused before TLS session={SessionId} protocol={Protocol}")]
    public static partial void PlaintextRefused(ILogger logger, string sessionId, string protocol);

    [LoggerMessage(6011, LogLevel.Information,
        "tls: self-signed certificate in {CertPath} is unusable or expired; generating a new one: {Reason}")]
    public static partial void SelfSignedReplaced(ILogger logger, string certPath, string reason);

    [LoggerMessage(6012, LogLevel.Debug, "sasl server data cancelled session={SessionId} protocol={Protocol}")]
    public static partial void ServerDataCancelled(ILogger logger, string sessionId, string protocol);

    [LoggerMessage(6013, LogLevel.Information,
        "tls client certificate session={SessionId} subject={Subject} account={Account}")]
    public static partial void ClientCertificateMapped(ILogger logger, string sessionId, string subject,
        string account);

    [LoggerMessage(6014, LogLevel.Information,
        "tls client certificate not accepted session={SessionId} subject={Subject}: {Reason}")]
    public static partial void ClientCertificateRejected(ILogger logger, string sessionId, string subject,
        string reason);

    [LoggerMessage(6015, LogLevel.Error,
        "tls certificate cannot be prepared for handshakes path={CertPath}; every TLS handshake fails until the "
        + "pair is replaced: {Reason}")]
    public static partial void CertificateContextFailed(ILogger logger, string certPath, string reason);
}
