namespace Paloma.Hosting;

/// <summary>How one SASL exchange ended; each protocol maps these to its own replies.</summary>
public enum SaslOutcomeKind
{
    /// <summary>Authenticated as <see cref="SaslOutcome.Username"/>.</summary>
    Success,

    /// <summary>The client sent <c>*</c> (RFC 4954 §4: 501; RFC 3501 §6.2.2: BAD; RFC 5034 §4: -ERR).</summary>
    Cancelled,

    /// <summary>A response was not valid base64 (RFC 4954 §4: 501 5.5.2; IMAP BAD; POP3 -ERR).</summary>
    InvalidBase64,

    /// <summary>A response line was longer than <see cref="SaslExchange.MaxResponseOctets"/> (RFC 4954 §4:
    /// 500 5.5.6).</summary>
    LineTooLong,

    /// <summary>The decoded message broke the mechanism's syntax (SMTP 501 5.5.2, IMAP BAD).</summary>
    Malformed,

    /// <summary>Wrong credentials, unknown user, an authzid the user may not act as, or a channel-binding
    /// mismatch (SMTP 535 5.7.8, IMAP NO [AUTHENTICATIONFAILED], POP3 -ERR [AUTH]).</summary>
    Failed,

    /// <summary>Too many failures from this address: refuse and close.</summary>
    TooManyFailures,

    /// <summary>The client went away mid-exchange.</summary>
    ConnectionClosed,
}

/// <summary>The end of one exchange.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Mechanism">The mechanism's registered name.</param>
/// <param name="Username">The authenticated identity on success (SASLprep-normalised).</param>
/// <param name="Reason">For the log; never says whether the user exists.</param>
public readonly record struct SaslOutcome(SaslOutcomeKind Kind, string Mechanism, string? Username = null,
    string? Reason = null)
{
    public bool IsSuccess => Kind == SaslOutcomeKind.Success;
}
