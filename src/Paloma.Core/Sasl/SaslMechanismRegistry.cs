namespace Paloma.Sasl;

/// <summary>
/// The configured mechanisms, in the configured order, and which of them a given connection may use.
/// </summary>
public sealed class SaslMechanismRegistry
{
    private readonly string[] _enabled;

    /// <param name="enabledMechanisms">Mechanism names in advertising order (case-insensitive).</param>
    /// <param name="allowPlaintextWithoutTls">Offer PLAIN and LOGIN without TLS (Sendmail's AUTH_OPTIONS
    /// without p); off by default because they send the password in the clear (RFC 4616 §6).</param>
    /// <exception cref="ArgumentException">A name is unknown or repeated.</exception>
    public SaslMechanismRegistry(IEnumerable<string> enabledMechanisms, bool allowPlaintextWithoutTls = false)
    {
        var enabled = new List<string>();
        foreach (var name in enabledMechanisms)
        {
            var canonical = SaslMechanismNames.All.FirstOrDefault(
                known => known.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown SASL mechanism '{name}'", nameof(enabledMechanisms));
            if (enabled.Contains(canonical))
            {
                throw new ArgumentException($"SASL mechanism '{name}' is listed twice", nameof(enabledMechanisms));
            }

            enabled.Add(canonical);
        }

        _enabled = [.. enabled];
        AllowPlaintextWithoutTls = allowPlaintextWithoutTls;
    }

    public IReadOnlyList<string> Enabled => _enabled;

    public bool AllowPlaintextWithoutTls { get; }

    /// <summary>Mechanisms that carry the password itself and so need TLS: PLAIN and LOGIN.</summary>
    public static bool IsPlaintext(string name) =>
        name.Equals(SaslMechanismNames.Plain, StringComparison.OrdinalIgnoreCase)
        || name.Equals(SaslMechanismNames.Login, StringComparison.OrdinalIgnoreCase);

    /// <summary>The -PLUS mechanisms, which need a TLS channel binding.</summary>
    public static bool RequiresChannelBinding(string name) =>
        name.EndsWith("-PLUS", StringComparison.OrdinalIgnoreCase);

    /// <summary>The mechanisms to advertise on this connection, in configured order.</summary>
    public IReadOnlyList<string> Advertised(SaslContext context) =>
        _enabled.Where(name => IsAvailable(name, context)).ToArray();

    /// <summary>Whether <paramref name="name"/> is enabled and usable on this connection. The protocol layer
    /// refuses AUTH for anything else as if the mechanism were unknown.</summary>
    public bool IsAvailable(string name, SaslContext context)
    {
        var canonical = _enabled.FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (canonical is null)
        {
            return false;
        }

        if (IsPlaintext(canonical))
        {
            return context.IsSecure || AllowPlaintextWithoutTls;
        }

        if (RequiresChannelBinding(canonical))
        {
            return context.IsSecure && context.ChannelBinding is not null;
        }

        // RFC 4422 A: EXTERNAL only makes sense when the lower layer established an identity.
        return canonical != SaslMechanismNames.External || context.ClientCertificate is not null;
    }

    /// <summary>A new exchange for <paramref name="name"/>, or null when it is not available here.</summary>
    public ISaslMechanism? Create(string name, SaslContext context)
    {
        if (!IsAvailable(name, context))
        {
            return null;
        }

        // RFC 5802 §6: the non-PLUS SCRAM variants must know whether PLUS was offered, to detect a downgrade.
        var plusOffered = _enabled.Any(n => RequiresChannelBinding(n) && IsAvailable(n, context));
        return name.ToUpperInvariant() switch
        {
            SaslMechanismNames.Plain => new PlainMechanism(context),
            SaslMechanismNames.Login => new LoginMechanism(context),
            SaslMechanismNames.CramMd5 => new CramMd5Mechanism(context),
            SaslMechanismNames.DigestMd5 => new DigestMd5Mechanism(context),
            SaslMechanismNames.External => new ExternalMechanism(context),
            SaslMechanismNames.ScramSha1 => new ScramMechanism(context, ScramHashAlgorithm.Sha1, false, plusOffered),
            SaslMechanismNames.ScramSha256 =>
                new ScramMechanism(context, ScramHashAlgorithm.Sha256, false, plusOffered),
            SaslMechanismNames.ScramSha1Plus => new ScramMechanism(context, ScramHashAlgorithm.Sha1, true, true),
            SaslMechanismNames.ScramSha256Plus =>
                new ScramMechanism(context, ScramHashAlgorithm.Sha256, true, true),
            _ => null,
        };
    }
}
