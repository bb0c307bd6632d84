namespace Paloma.Smtp.Server;

/// <summary>Who the client proved to be. Set by SMTP AUTH (RFC 4954) when it succeeds; read by the relay
/// policy ([auth] relay_mechanisms) and by the X-Authentication-Warning: check.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>The authenticated user's address, or null.</summary>
    public string? AuthenticatedUser { get; set; }

    /// <summary>The SASL mechanism the user authenticated with (upper case), or null.</summary>
    public string? AuthenticatedMechanism { get; set; }
}
