using System.Globalization;
using System.Net;
using Paloma.Config;

namespace Paloma.Queue.Delivery;

/// <summary>
/// Chooses the next hop for a remote domain, in this order: the <c>[transport] routes</c> table (exact domain,
/// then ".parent" entries from the closest up), the <c>[relay] smart_host</c>, and else MX lookup.
/// </summary>
public sealed class Router(PalomaConfig config, MxResolver resolver)
{
    public async Task<Route> ResolveAsync(string domain, CancellationToken ct)
    {
        if (FindTransport(domain) is { } target)
        {
            var (host, port) = SplitHostPort(target);
            return new Route("transport:" + target, [host], port) { RequireTls = config.Transport.RequireTls };
        }

        if (config.Relay.SmartHost is { } smartHost)
        {
            var (host, port) = SplitHostPort(smartHost);
            return new Route("smarthost", [host], port)
            {
                // A provider reached over the Internet with our password: TLS is never optional there.
                RequireTls = true,
                ImplicitTls = config.Relay.SmartHostTls is { } tls ? tls == "implicit" : port == 465,
                VerifyCertificate = config.Relay.SmartHostVerifyCertificate,
                Credential = ReadCredential(config.Relay.SmartHostAuthFile),
            };
        }

        var (hosts, failure) = await resolver.LookupMxAsync(domain, ct).ConfigureAwait(false);
        return failure is not null
            ? Route.Failed(domain, failure)
            : new Route("mx:" + domain, hosts, config.Transport.SmtpPort) { RequireTls = config.Transport.RequireTls };
    }

    private string? FindTransport(string domain)
    {
        var routes = config.Transport.Routes;
        if (routes.TryGetValue(domain, out var exact))
        {
            return exact;
        }

        for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            if (routes.TryGetValue(domain[dot..], out var parent))
            {
                return parent;
            }
        }

        return null;
    }

    private static (string Host, int Port) SplitHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return (text[..colon].Trim('[', ']'), int.Parse(text[(colon + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Reads "user:password" from the first line of the file. Read at every attempt so that a changed
    /// password takes effect without a restart; an unreadable file fails the attempt transiently, naming it.</summary>
    private static NetworkCredential? ReadCredential(string? path)
    {
        if (path is null)
        {
            return null;
        }

        string line;
        try
        {
            line = File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SmtpSessionException(SmtpReply.Transient("4.7.0",
                $"cannot read relay.smart_host_auth_file {path}: {e.Message}"), e);
        }

        var colon = line.IndexOf(':');
        return colon > 0
            ? new NetworkCredential(line[..colon], line[(colon + 1)..])
            : throw new SmtpSessionException(SmtpReply.Transient("4.7.0",
                $"relay.smart_host_auth_file {path}: expected one line user:password"));
    }
}
