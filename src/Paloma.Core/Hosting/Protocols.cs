using System.Net;
using System.Runtime.CompilerServices;
using Paloma.Config;
using Paloma.Pop3.Server;
using Paloma.Smtp.Server;

namespace Paloma.Hosting;

/// <summary>The protocols Paloma serves: the listen addresses of each and how to make its handler.</summary>
internal static class Protocols
{
    // POP3 and POP3S share one maildrop lock table per server, whenever their handlers are created (a reload may
    // add a POP3S listener later): a maildrop is locked whichever port it was opened on.
    private static readonly ConditionalWeakTable<ServerContext, MaildropLock> s_maildropLocks = new();

    public static IEnumerable<(List<IPEndPoint> EndPoints, Func<ServerContext, IProtocolHandler> Create)> All(
        PalomaConfig config)
    {
        return
        [
            (config.Listen.Smtp, context => new SmtpHandler(context)),
            (config.Listen.Imap, context => new Imap.Server.ImapHandler(context)),
            (config.Listen.Pop3, context => new Pop3Handler(context, MaildropLocks(context))),
            (config.Listen.Submission, context => new SmtpHandler(context, SmtpListenerKind.Submission)),
            (config.Listen.Submissions, context => new SmtpHandler(context, SmtpListenerKind.Submissions)),
            (config.Listen.Pop3s, context => new Pop3Handler(context, MaildropLocks(context), implicitTls: true)),
            (config.Listen.Imaps, context => new Imap.Server.ImapHandler(context, implicitTls: true)),
        ];
    }

    private static MaildropLock MaildropLocks(ServerContext context) =>
        s_maildropLocks.GetValue(context, _ => new MaildropLock());
}
