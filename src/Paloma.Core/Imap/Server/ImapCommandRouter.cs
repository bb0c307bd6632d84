using Paloma.Imap.Protocol;
using Paloma.Imap.Server.Commands;

namespace Paloma.Imap.Server;

/// <summary>Sends each parsed command to its handler.</summary>
internal static class ImapCommandRouter
{
    public static Task<ImapCompletion> RunAsync(ImapSession session, ImapCommand command, CancellationToken ct) =>
        command switch
        {
            SimpleCommand { Name: "CAPABILITY" } c => AnyStateHandlers.CapabilityAsync(session),
            SimpleCommand { Name: "NOOP" or "CHECK" } c => AnyStateHandlers.NoopAsync(c),
            SimpleCommand { Name: "LOGOUT" } => AnyStateHandlers.LogoutAsync(session),
            IdCommand c => AnyStateHandlers.IdAsync(session),
            LoginCommand c => LoginHandler.RunAsync(session, c, ct),
            AuthenticateCommand c => AuthenticateHandler.RunAsync(session, c, ct),
            EnableCommand c => SessionInfoHandlers.EnableAsync(session, c),
            SimpleCommand { Name: "NAMESPACE" } => SessionInfoHandlers.NamespaceAsync(session),
            SimpleCommand { Name: "IDLE" } c => IdleHandler.RunAsync(session, ct),
            MailboxCommand { Name: "SELECT" or "EXAMINE" } c => SelectHandler.RunAsync(session, c, ct),
            MailboxCommand c => MailboxHandlers.RunAsync(session, c, ct),
            RenameCommand c => MailboxHandlers.RenameAsync(session, c, ct),
            ListCommand c => ListHandler.RunAsync(session, c, ct),
            StatusCommand c => StatusHandler.RunAsync(session, c, ct),
            AppendCommand c => AppendHandler.RunAsync(session, c, ct),
            SimpleCommand { Name: "CLOSE" or "UNSELECT" } c => SelectHandler.CloseAsync(session, c, ct),
            SimpleCommand { Name: "EXPUNGE" } => ExpungeHandler.RunAsync(session, null, ct),
            UidExpungeCommand c => ExpungeHandler.RunAsync(session, c.Set, ct),
            FetchCommand c => FetchHandler.RunAsync(session, c, ct),
            StoreCommand c => StoreHandler.RunAsync(session, c, ct),
            SearchCommand c => SearchHandler.RunAsync(session, c, ct),
            SortCommand c => SortHandler.RunAsync(session, c, ct),
            ThreadCommand c => ThreadHandler.RunAsync(session, c, ct),
            CopyCommand c => CopyMoveHandler.RunAsync(session, c, ct),
            QuotaCommand c => QuotaHandler.RunAsync(session, c, ct),
            SetQuotaCommand c => QuotaHandler.SetAsync(session, c, ct),
            CompressCommand c => CompressHandler.RunAsync(session, c),
            _ => Task.FromResult(ImapCompletion.Bad($"{command.Name} is not supported")),
        };
}
