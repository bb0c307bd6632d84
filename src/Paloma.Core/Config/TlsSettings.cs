namespace Paloma.Config;

/// <summary>[tls]: the server certificate for STARTTLS and the implicit-TLS listeners (PRODUCT E).</summary>
public sealed class TlsSettings
{
    /// <summary>PEM certificate file (a full chain may follow the leaf). Default: none, in which case a
    /// self-signed certificate is generated into <c>{data_dir}/tls/</c> on first start and reused.</summary>
    public string? Cert { get; set; }

    /// <summary>PEM private key of <see cref="Cert"/> (PKCS#8, SEC1 or PKCS#1, unencrypted). Set both or neither.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>PEM file of the certificate authorities whose client certificates are accepted for SASL EXTERNAL.
    /// Default: none, and no client certificate is asked for. When set, every handshake requests (never requires)
    /// one and validates it against these CAs only.</summary>
    public string? ClientCa { get; set; }
}
