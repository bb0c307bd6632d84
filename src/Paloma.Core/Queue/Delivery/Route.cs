using System.Net;

namespace Paloma.Queue.Delivery;

/// <summary>
/// Where the recipients of one domain go. <see cref="Destination"/> groups deliveries that may share a
/// connection and a concurrency limit; <see cref="Failure"/> set means the route itself failed (null MX,
/// NXDOMAIN, DNS error) and nothing is to be sent.
/// </summary>
public sealed record Route(string Destination, IReadOnlyList<string> Hosts, int Port)
{
    public SmtpReply? Failure { get; init; }

    /// <summary>Delivery must use TLS; without STARTTLS the attempt fails transiently.</summary>
    public bool RequireTls { get; init; }

    /// <summary>TLS from the first byte (port 465, RFC 8314 §3.3) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    public bool VerifyCertificate { get; init; }

    public NetworkCredential? Credential { get; init; }

    public static Route Failed(string domain, SmtpReply failure) => new("failed:" + domain, [], 0)
    {
        Failure = failure,
    };
}
