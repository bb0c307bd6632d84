using Microsoft.Extensions.Logging;
using Paloma.Accounts;
using Paloma.Hosting;
using Paloma.Imap.Protocol;
using Paloma.Net;
using Paloma.Storage;

namespace Paloma.Imap.Server;

/// <summary>
/// One IMAP session (RFC 3501 §3, §5). Invariants: every command gets exactly one tagged response; untagged
/// responses about the selected mailbox are written only where §7.4.1 allows; OK for a change is written only
/// after the store has committed it; a client's mistake never ends the session, only LOGOUT, autologout
/// (§5.4), shutdown or the peer closing do.
/// </summary>
internal sealed partial class ImapSession
{
    private string? _endReason;

    public ImapSession(ServerContext context, Connection connection, string protocol = "imap")
    {
        Protocol = protocol;
        Context = context;
        Connection = connection;
        Logger = context.LoggerFactory.CreateLogger("Paloma.Imap");
        Lines = new LineReader(connection.Reader);
    }

    public ServerContext Context { get; }

    public Connection Connection { get; }

    public ILogger Logger { get; }

    public IMailStore Store => Context.Store;

    public ImapResponseWriter Writer { get; } = new();

    public ImapState State { get; set; } = ImapState.NotAuthenticated;

    public Account? User { get; private set; }

    public SelectedMailbox? Selected { get; private set; }

    /// <summary>Extensions this session enabled (CONDSTORE, QRESYNC).</summary>
    public EnabledExtensions Enabled { get; } = new();

    public string SessionId => Connection.SessionId;

    public string UserName => User?.Address ?? "-";

    public string RemoteIp => Connection.RemoteEndPoint.Address.ToString();

    private LineReader Lines { get; set; }

    private CancellationToken Aborted => Connection.Aborted;

    public async Task RunAsync()
    {
        var reason = "client closed";
        try
        {
            ResetAutologout();
            Writer.Untagged($"OK [{ImapResponseCode.Capability} {Capabilities.For(this)}] Paloma IMAP4rev1 ready");
            await FlushAsync(Aborted).ConfigureAwait(false);
            reason = await CommandLoopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Connection.ServerStopping.IsCancellationRequested)
        {
            reason = "server shutdown";
            await SayByeAsync("Server shutting down").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Connection.TimedOut)
        {
            // RFC 3501 §5.4: autologout, announced with BYE (§7.1.5), then the connection closes.
            reason = "autologout";
            await SayByeAsync("Autologout; idle for too long").ConfigureAwait(false);
        }
        catch (IOException)
        {
            reason = "connection lost";
        }
        finally
        {
            Deselect();
            ImapLog.Disconnected(Logger, SessionId, UserName, reason);
        }
    }

    /// <summary>Runs commands until LOGOUT or end of input; returns why the session ended.</summary>
    private async Task<string> CommandLoopAsync()
    {
        while (true)
        {
            ResetAutologout();
            var read = await ReadCommandAsync(Aborted).ConfigureAwait(false);
            if (read.EndOfStream)
            {
                return "client closed";
            }

            if (read.Command is null)
            {
                ImapLog.ProtocolError(Logger, SessionId, read.Tag ?? "*", read.Error!);
                Writer.Tagged(read.Tag ?? "*", "BAD", null, read.Error!);
                await FlushAsync(Aborted).ConfigureAwait(false);
                continue;
            }

            // RFC 3501 §6.2.1: STARTTLS answers before the handshake, so it is run here, not by a handler.
            if (read.Command is SimpleCommand { Name: "STARTTLS" } startTls)
            {
                if (!await StartTlsAsync(startTls.Tag).ConfigureAwait(false))
                {
                    return "TLS negotiation failed";
                }

                continue;
            }

            var completion = await DispatchAsync(read.Command).ConfigureAwait(false);
            Writer.Tagged(read.Command.Tag, completion.Status, completion.Code, completion.Text);
            ImapLog.CommandCompleted(Logger, SessionId, read.Command.Tag, read.Command.Name, completion.Status);
            await FlushAsync(Aborted).ConfigureAwait(false);
            RunAfterResponse();
            if (State == ImapState.Logout)
            {
                return _endReason ?? "logout";
            }
        }
    }

    /// <summary>The one place that turns a command's failure into a response (STYLE point 7).</summary>
    private async Task<ImapCompletion> DispatchAsync(ImapCommand command)
    {
        if (ImapStateTable.Check(State, command.Verb) is { } wrongState)
        {
            await DiscardUnusedLiteralAsync(command, Aborted).ConfigureAwait(false);
            ImapLog.ProtocolError(Logger, SessionId, command.Tag, wrongState);
            return ImapCompletion.Bad(wrongState);
        }

        try
        {
            if (await GoneReasonAsync(Aborted).ConfigureAwait(false) is { } gone)
            {
                await DiscardUnusedLiteralAsync(command, Aborted).ConfigureAwait(false);
                return EndSession(gone);
            }

            var completion = await ImapCommandRouter.RunAsync(this, command, Aborted).ConfigureAwait(false);
            if (Selected is not null && State == ImapState.Selected
                && !await Selected.SyncAsync(Store, Writer, AllowsExpunge(command), Aborted).ConfigureAwait(false))
            {
                return EndSession(SelectedMailbox.DeletedText);
            }

            return completion;
        }
        catch (ImapCommandException e)
        {
            ImapLog.ProtocolError(Logger, SessionId, command.Tag, e.Message);
            return e.Completion;
        }
        catch (ImapSyntaxException e)
        {
            ImapLog.ProtocolError(Logger, SessionId, command.Tag, e.Message);
            return ImapCompletion.Bad(e.Message);
        }
        catch (MailStoreException e)
        {
            return ImapCompletion.No(e.Message, StoreErrorCode(e.Error));
        }
        catch (Exception e) when (e is not (OperationCanceledException or IOException))
        {
            ImapLog.CommandFailed(Logger, e, SessionId, command.Name);
            return ImapCompletion.No($"internal error, reference {SessionId}", ImapResponseCode.ServerBug);
        }
    }

    /// <summary>RFC 3501 §7.4.1: no EXPUNGE response while FETCH, STORE or SEARCH (by sequence number) runs.
    /// </summary>
    private static bool AllowsExpunge(ImapCommand command) =>
        command.Name is not ("FETCH" or "STORE" or "SEARCH" or "SORT" or "THREAD");

    private static string StoreErrorCode(MailStoreError error) => error switch
    {
        MailStoreError.MailboxNotFound => ImapResponseCode.NonExistent,
        MailStoreError.MailboxExists => ImapResponseCode.AlreadyExists,
        MailStoreError.HasChildren => ImapResponseCode.HasChildren,
        MailStoreError.OverQuota => ImapResponseCode.OverQuota,
        _ => ImapResponseCode.Cannot,
    };

    public void Authenticated(Account account)
    {
        User = account;
        State = ImapState.Authenticated;
    }

    public void Select(SelectedMailbox mailbox)
    {
        Deselect();
        Selected = mailbox;
        State = ImapState.Selected;
    }

    /// <summary>Leaves the selected state (CLOSE, UNSELECT, a failed SELECT, logout).</summary>
    public void Deselect()
    {
        Selected?.Dispose();
        Selected = null;
        if (State == ImapState.Selected)
        {
            State = ImapState.Authenticated;
        }
    }

    public Task FlushAsync(CancellationToken ct) => Writer.FlushToAsync(Connection.Stream, ct);

    /// <summary>Sends what is buffered once it is large, so a big FETCH never sits whole in memory.</summary>
    public Task FlushIfLargeAsync(CancellationToken ct) =>
        Writer.IsLarge ? FlushAsync(ct) : Task.CompletedTask;

    public void ResetAutologout() => Connection.SetTimeout(TimeSpan.FromSeconds(Context.Config.Imap.Autologout));

    private async Task SayByeAsync(string text)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Writer.Clear();
            Writer.Untagged("BYE " + text);
            await FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone already; there is no one left to tell.
        }
    }
}
