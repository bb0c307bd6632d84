using System.Net;
using Paloma.Config;
using Paloma.Pop3.Server;
using Paloma.Smtp.Server;

namespace Paloma.Hosting;

/// <summary>The protocols Paloma serves: the listen addresses of each and how to make its handler.</summary>
internal static class Protocols
{
    public static IEnumerable<(List<IPEndPoint> EndPoints, Func<ServerContext, IProtocolHandler> Create)> All(
        PalomaConfig config)
    {
        // POP3 and POP3S share one maildrop lock table: a maildrop is locked whichever port it was opened on.
        var maildropLocks = new MaildropLock();
        return
        [
            (config.Listen.Smtp, context => new SmtpHandler(context)),
            (config.Listen.Pop3, context => new Pop3Handler(context, maildropLocks)),
            (config.Listen.Submission, context => new SmtpHandler(context, SmtpListenerKind.Submission)),
            (config.Listen.Submissions, context => new SmtpHandler(context, SmtpListenerKind.Submissions)),
            (config.Listen.Pop3s, context => new Pop3Handler(context, maildropLocks, implicitTls: true)),
        ];
    }
}
