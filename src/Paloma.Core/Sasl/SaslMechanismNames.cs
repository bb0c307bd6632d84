namespace Paloma.Sasl;

/// <summary>The registered names (IANA SASL registry) of the mechanisms Paloma implements.</summary>
public static class SaslMechanismNames
{
    public const string Plain = PlainMechanism.MechanismName;
    public const string Login = LoginMechanism.MechanismName;
    public const string CramMd5 = CramMd5Mechanism.MechanismName;
    public const string DigestMd5 = DigestMd5Mechanism.MechanismName;
    public const string External = ExternalMechanism.MechanismName;
    public const string ScramSha1 = "SCRAM-SHA-1";
    public const string ScramSha1Plus = "SCRAM-SHA-1-PLUS";
    public const string ScramSha256 = "SCRAM-SHA-256";
    public const string ScramSha256Plus = "SCRAM-SHA-256-PLUS";

    /// <summary>Every name, strongest first: a sensible default order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ScramSha256Plus, ScramSha1Plus, ScramSha256, ScramSha1, External, CramMd5, DigestMd5, Plain, Login,
    ];
}
