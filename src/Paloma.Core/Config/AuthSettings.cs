namespace Paloma.Config;

/// <summary>[auth]: SASL mechanisms, the plaintext rule and the failed-authentication throttle (PRODUCT D).
/// </summary>
public sealed class AuthSettings
{
    /// <summary>Mechanisms offered, in advertising order. Default as in the product brief; DIGEST-MD5 (RFC 6331,
    /// historic) and EXTERNAL are off unless listed.</summary>
    public List<string> Mechanisms { get; set; } = ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN"];

    /// <summary>Refuse PLAIN, LOGIN, IMAP LOGIN and POP3 USER/PASS before TLS (Sendmail's AUTH_OPTIONS p;
    /// RFC 4616 §6, RFC 2595 §3.2). Default true.</summary>
    public bool PlaintextRequiresTls { get; set; } = true;

    /// <summary>Mechanisms whose authenticated users may relay (read by the relay policy). Default: every
    /// mechanism (an authenticated user may relay, as Sendmail's TRUST_AUTH_MECH lists the mechanisms it offers).
    /// </summary>
    public List<string> RelayMechanisms { get; set; } =
        ["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "DIGEST-MD5", "PLAIN", "LOGIN", "EXTERNAL"];

    /// <summary>Failed authentications from one client address, within <see cref="FailureWindow"/>, after which
    /// further attempts are refused and the connection closed. Default 10.</summary>
    public int MaxFailures { get; set; } = 10;

    /// <summary>Failures after which every further authentication answer from that address is delayed by
    /// <see cref="FailureDelay"/>. Default 3.</summary>
    public int DelayAfterFailures { get; set; } = 3;

    /// <summary>Seconds each answer is held back once <see cref="DelayAfterFailures"/> is reached. Default 2.
    /// </summary>
    public int FailureDelay { get; set; } = 2;

    /// <summary>Seconds a failure is remembered; the count starts again after this quiet period. Default 900.
    /// </summary>
    public int FailureWindow { get; set; } = 900;
}
