using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Sasl;

/// <summary>
/// What a mechanism needs to know about the connection it runs on. Built by the protocol session whenever the
/// connection state changes (after STARTTLS, for instance).
/// </summary>
public sealed class SaslContext
{
    private static readonly byte[] s_processFakeSaltKey = RandomNumberGenerator.GetBytes(32);

    public required ISaslCredentialStore Credentials { get; init; }

    /// <summary>The server's host name: the CRAM-MD5 challenge's domain and the default DIGEST-MD5 realm.</summary>
    public required string Hostname { get; init; }

    /// <summary>True once TLS is active; gates the plaintext mechanisms in the registry.</summary>
    public bool IsSecure { get; init; }

    /// <summary>The TLS channel binding, or null when there is none (no TLS, or none could be computed).
    /// SCRAM-*-PLUS is offered only when this is set.</summary>
    public ChannelBinding? ChannelBinding { get; init; }

    /// <summary>The validated TLS client certificate, for EXTERNAL.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>DIGEST-MD5 serv-type the digest-uri must name (RFC 2831 §2.1.2): "smtp", "imap" or "pop";
    /// null accepts any.</summary>
    public string? Service { get; init; }

    /// <summary>DIGEST-MD5 realm; defaults to <see cref="Hostname"/>.</summary>
    public string? Realm { get; init; }

    /// <summary>Key for the fake SCRAM salt of unknown users. Set a persisted secret so the fake salt stays the
    /// same across restarts; the default is random per process.</summary>
    public byte[] ScramFakeSaltKey { get; init; } = s_processFakeSaltKey;

    /// <summary>Iteration count announced for unknown users; keep it equal to the one used for real users.
    /// </summary>
    public int ScramFakeIterations { get; init; } = SaslCredentials.DefaultScramIterations;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tests set this to replay RFC examples with a known server nonce.</summary>
    internal Func<string>? NonceSource { get; init; }

    internal string EffectiveRealm => Realm ?? Hostname;

    /// <summary>A fresh printable nonce (no comma, no quote) of 144 random bits.</summary>
    internal string NewNonce()
    {
        if (NonceSource is not null)
        {
            return NonceSource();
        }

        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
    }
}
