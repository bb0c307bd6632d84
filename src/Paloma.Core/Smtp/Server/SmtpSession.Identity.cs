namespace Paloma.Smtp.Server;

/// <summary>Who the client proved to be. Set by SMTP AUTH (RFC 4954) when it succeeds; read by the relay
/// policy ([auth] relay_mechanisms) and by the X-Authentication-Warning: check.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>The authenticated user's address, or null.</summary>
    public string? AuthenticatedUser { get; set; }

    /// <summary>The SASL mechanism the user authenticated with (upper case), or null.</summary>
    public string? AuthenticatedMechanism { get; set; }
    /// <summary>Whether the connection runs over TLS (STARTTLS or implicit).</summary>
    public bool IsTls => Hosting.AuthServices.IsSecure(_connection);

    /// <summary>Authenticated with a mechanism listed in [auth] relay_mechanisms: relaying is allowed.</summary>
    public bool MayRelayAsAuthenticated =>
        AuthenticatedMechanism is { } mechanism && _context.Auth.GrantsRelay(mechanism);

    /// <summary>This session is on a submission listener (587 or 465).</summary>
    public bool IsSubmission => _kind != SmtpListenerKind.Mta;
}
