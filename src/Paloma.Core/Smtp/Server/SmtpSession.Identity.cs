namespace Paloma.Smtp.Server;

/// <summary>Who the client is, as far as TLS and AUTH established it; read by the policy checks.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>The account address after a successful AUTH (RFC 4954 §4), null before.</summary>
    public string? AuthenticatedUser { get; private set; }

    /// <summary>The SASL mechanism <see cref="AuthenticatedUser"/> authenticated with, such as SCRAM-SHA-256.
    /// </summary>
    public string? AuthenticatedMechanism { get; private set; }

    /// <summary>Whether the connection runs over TLS (STARTTLS or implicit).</summary>
    public bool IsTls => Hosting.AuthServices.IsSecure(_connection);

    /// <summary>Authenticated with a mechanism listed in [auth] relay_mechanisms: relaying is allowed.</summary>
    public bool MayRelayAsAuthenticated =>
        AuthenticatedMechanism is { } mechanism && _context.Auth.GrantsRelay(mechanism);

    /// <summary>This session is on a submission listener (587 or 465).</summary>
    public bool IsSubmission => _kind != SmtpListenerKind.Mta;
}
