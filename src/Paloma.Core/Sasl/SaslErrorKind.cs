namespace Paloma.Sasl;

/// <summary>Why an exchange failed; the protocol layer maps each kind to its reply.</summary>
public enum SaslErrorKind
{
    /// <summary>The client's message does not follow the mechanism's syntax (SMTP 501 5.5.2, IMAP BAD).</summary>
    MalformedResponse,

    /// <summary>Wrong credentials or unknown user; the two are never told apart (SMTP 535 5.7.8, IMAP NO).</summary>
    AuthenticationFailed,

    /// <summary>The credentials were right but the identity may not act as the requested authzid.</summary>
    AuthzidNotPermitted,

    /// <summary>The exchange cannot go on for a mechanism-specific reason, such as channel binding or a step
    /// after the exchange ended.</summary>
    MechanismError,
}
