using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Paloma.Sasl;

/// <summary>
/// The channel binding the TLS layer hands to the SCRAM-*-PLUS mechanisms (RFC 5802 §6): a type name from the
/// IANA channel-binding registry and the data for this connection.
/// </summary>
public sealed class ChannelBinding
{
    /// <summary>RFC 9266: the TLS exporter with label "EXPORTER-Channel-Binding", 32 octets, empty context.
    /// Only sound with TLS 1.3 (or TLS 1.2 with extended master secret).</summary>
    public const string TlsExporterType = "tls-exporter";

    /// <summary>RFC 5929 §4: a hash of the server's certificate.</summary>
    public const string TlsServerEndPointType = "tls-server-end-point";

    private readonly byte[] _data;

    public ChannelBinding(string type, byte[] data)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(data);
        Type = type;
        _data = data.ToArray();
    }

    /// <summary>The cb-name a client must put in its gs2 header.</summary>
    public string Type { get; }

    public ReadOnlySpan<byte> Data => _data;

    /// <summary>tls-exporter binding from exported keying material (RFC 9266 §2).</summary>
    public static ChannelBinding TlsExporter(byte[] exportedKeyingMaterial) =>
        new(TlsExporterType, exportedKeyingMaterial);

    /// <summary>tls-server-end-point binding computed from the server's own certificate.</summary>
    /// <remarks>
    /// RFC 5929 §4.1: hash the DER certificate with the hash of its signature algorithm, except that MD5 and
    /// SHA-1 are replaced by SHA-256; a signature without a single hash (such as Ed25519) has no binding.
    /// </remarks>
    public static ChannelBinding TlsServerEndPoint(X509Certificate2 serverCertificate)
    {
        ArgumentNullException.ThrowIfNull(serverCertificate);
        var der = serverCertificate.RawData;
        var hash = SignatureHash(serverCertificate.SignatureAlgorithm.Value) switch
        {
            "SHA384" => SHA384.HashData(der),
            "SHA512" => SHA512.HashData(der),
            "SHA256" => SHA256.HashData(der),
            _ => throw new NotSupportedException("tls-server-end-point is undefined for signature algorithm "
                + serverCertificate.SignatureAlgorithm.Value),
        };
        return new ChannelBinding(TlsServerEndPointType, hash);
    }

    private static string? SignatureHash(string? oid) => oid switch
    {
        // md5WithRSA, sha1WithRSA, ecdsa-with-SHA1, dsa-with-sha1: RFC 5929 §4.1 says use SHA-256.
        "1.2.840.113549.1.1.4" or "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" or "1.2.840.10040.4.3" => "SHA256",
        "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" or "2.16.840.1.101.3.4.3.2" => "SHA256",
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => "SHA384",
        "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => "SHA512",
        _ => null,
    };
}
