using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Paloma.Hosting;
using Paloma.Net;
using Paloma.Pop3.Protocol;

namespace Paloma.Pop3.Server;

/// <summary>One POP3 session: the command loop, state checks and the one place refusals become -ERR.</summary>
internal sealed partial class Pop3Session(
    ServerContext context,
    Connection connection,
    MaildropLock locks,
    ILogger logger,
    string protocol = "pop3")
{
    /// <summary>RFC 2449 §4: commands up to 255 octets including CRLF; the reader's limit excludes CRLF.</summary>
    private const int MaxCommandOctets = 255 - 2;

    private LineReader _lines = new(connection.Reader);
    private readonly TimeSpan _autologout = TimeSpan.FromSeconds(context.Config.Pop3.Autologout);
    private Pop3State _state = Pop3State.Authorization;

    /// <summary>True while a multi-line response is being sent: an error then cannot be answered, only ended.</summary>
    private bool _midResponse;

    private string SessionId => connection.SessionId;

    public async Task RunAsync()
    {
        var reason = "connection closed by client";
        try
        {
            await SendAsync(Pop3Responses.Greeting).ConfigureAwait(false);
            reason = await CommandLoopAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.ServerStopping.IsCancellationRequested)
        {
            // Deletions are not applied: only QUIT leads to UPDATE (RFC 1939 §6).
            reason = "server stopping";
            await SayGoodbyeAsync(Pop3Error.ServerShuttingDown).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.TimedOut)
        {
            // RFC 1939 §3: an autologout timer ends the session without entering UPDATE.
            reason = "autologout";
            await SayGoodbyeAsync(Pop3Error.Autologout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            reason = "connection lost";
        }
        finally
        {
            _lease?.Dispose();
            Pop3Log.SessionEnd(logger, SessionId, reason);
        }
    }

    private async Task<string> CommandLoopAsync()
    {
        while (true)
        {
            connection.SetTimeout(_autologout);
            var line = await _lines.ReadLineAsync(MaxCommandOctets, connection.Aborted).ConfigureAwait(false);
            if (line.Status == LineStatus.EndOfStream)
            {
                return "connection closed by client";
            }

            var commandName = "?";
            try
            {
                if (line.Status == LineStatus.TooLong)
                {
                    Pop3ProtocolException.Throw(Pop3Error.LineTooLong);
                }

                if (line.BareLf)
                {
                    Pop3ProtocolException.Throw(Pop3Error.BareLineFeed);
                }

                var command = Pop3CommandParser.Parse(line.Text);
                commandName = command.ToString();
                if (!Pop3StateTable.IsAllowed(command.Verb, _state))
                {
                    Pop3ProtocolException.Throw(Pop3Error.WrongState);
                }

                if (await ExecuteAsync(command).ConfigureAwait(false))
                {
                    return "quit";
                }
            }
            catch (Pop3ProtocolException e)
            {
                Pop3Log.CommandRefused(logger, SessionId, commandName, e.Message);
                await SendAsync(Pop3Responses.Error(e.Error, e.Detail)).ConfigureAwait(false);
            }
            catch (Exception e) when (!_midResponse && e is not (IOException or SocketException
                                          or OperationCanceledException or ObjectDisposedException))
            {
                Pop3Log.CommandFailed(logger, e, SessionId, commandName);
                await SendAsync(Pop3Responses.Error(Pop3Error.InternalError)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one command allowed in the current state; returns true when the session is over.</summary>
    private async Task<bool> ExecuteAsync(Pop3Command command)
    {
        switch (command.Verb)
        {
            case Pop3Verb.User:
                await UserAsync(command.Text!).ConfigureAwait(false);
                return false;
            case Pop3Verb.Pass:
                return await PassAsync(command.Text!).ConfigureAwait(false);
            case Pop3Verb.Quit:
                await QuitAsync().ConfigureAwait(false);
                return true;
            case Pop3Verb.Capa:
                await SendAsync(Pop3Responses.Capabilities, CapabilityList()).ConfigureAwait(false);
                return false;
            case Pop3Verb.Stls:
                return !await StlsAsync().ConfigureAwait(false);
            case Pop3Verb.Auth:
                return await AuthAsync(command.Text!).ConfigureAwait(false);
            case Pop3Verb.Retr:
            case Pop3Verb.Top:
                await RetrieveAsync(command).ConfigureAwait(false);
                return false;
            default:
                await TransactionCommandAsync(command).ConfigureAwait(false);
                return false;
        }
    }

    private async Task SendAsync(params byte[][] parts)
    {
        foreach (var part in parts)
        {
            await connection.WriteAsync(part, connection.Aborted).ConfigureAwait(false);
        }

        await connection.FlushAsync(connection.Aborted).ConfigureAwait(false);
    }

    /// <summary>A last -ERR before closing; best effort, bounded, and never in the middle of a response.</summary>
    private async Task SayGoodbyeAsync(Pop3Error error)
    {
        if (_midResponse)
        {
            return;
        }

        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await connection.WriteAsync(Pop3Responses.Error(error), cts.Token).ConfigureAwait(false);
            await connection.FlushAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException
                                      or ObjectDisposedException)
        {
            // The peer is gone or not reading; closing is all that is left.
        }
    }
}
