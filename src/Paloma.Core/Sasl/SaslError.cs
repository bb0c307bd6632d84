namespace Paloma.Sasl;

/// <summary>A failed exchange.</summary>
/// <param name="Kind">The category the protocol layer maps to a reply.</param>
/// <param name="Message">Text for the log; it never says whether the user exists.</param>
/// <param name="ScramError">For SCRAM, the RFC 5802 §7 <c>server-error-value</c> (such as
/// <c>invalid-proof</c>), which a protocol able to carry failure data may send as <c>e=</c>.</param>
public sealed record SaslError(SaslErrorKind Kind, string Message, string? ScramError = null);
