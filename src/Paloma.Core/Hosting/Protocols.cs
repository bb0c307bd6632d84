using System.Net;
using Paloma.Config;

namespace Paloma.Hosting;

/// <summary>The protocols Paloma serves: the listen addresses of each and how to make its handler.</summary>
internal static class Protocols
{
    public static IEnumerable<(List<IPEndPoint> EndPoints, Func<ServerContext, IProtocolHandler> Create)> All(
        PalomaConfig config) =>
    [
        (config.Listen.Smtp, context => new Smtp.Server.SmtpHandler(context)),
        (config.Listen.Imap, context => new Imap.Server.ImapHandler(context)),
        (config.Listen.Pop3, context => new Pop3.Server.Pop3Handler(context)),
    ];
}
