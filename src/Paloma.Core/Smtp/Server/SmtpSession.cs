using System.Buffers;
using Microsoft.Extensions.Logging;
using Paloma.Hosting;
using Paloma.Net;
using Paloma.Smtp.Policy;
using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>
/// One SMTP session: reads command lines, checks them against <see cref="SmtpStateTable"/>, runs them and
/// writes the replies. This file holds the command loop, the single catch site and the reply output.
/// </summary>
/// <remarks>
/// Invariants: a 250 after DATA is sent only after the message is fsynced and committed to the store;
/// exactly one reply follows each command and each end of data; nothing the peer sends is logged above Debug.
/// </remarks>
internal sealed partial class SmtpSession
{
    /// <summary>Syntax and sequence errors tolerated before the session is closed with 421.</summary>
    private const int MaxErrors = 20;

    /// <summary>Replies kept back while pipelined commands are still waiting, at most this many octets.</summary>
    private const int MaxBufferedReplyOctets = 64 * 1024;

    private readonly ServerContext _context;
    private readonly Connection _connection;
    private readonly ILogger _logger;
    private readonly SmtpListenerKind _kind;
    private LineReader _lines;
    private readonly RecipientResolver _recipients;
    private readonly SmtpPolicy _policy;
    private readonly ArrayBufferWriter<byte> _output = new();
    private SmtpState _state = SmtpState.Connected;
    private SmtpTransaction? _transaction;
    private string _heloName = "";
    private bool _extended;
    private bool _quit;
    private int _errors;

    public SmtpSession(ServerContext context, Connection connection, ILogger logger, SmtpPolicy policy,
        SmtpListenerKind kind = SmtpListenerKind.Mta)
    {
        _policy = policy;
        _context = context;
        _connection = connection;
        _logger = logger;
        _kind = kind;
        _lines = new LineReader(connection.Reader);
        _recipients = new RecipientResolver(policy, context.Accounts, context.Queue is not null);
    }

    private string SessionId => _connection.SessionId;

    /// <summary>
    /// The token of a message in transfer (DATA, the chunks of BDAT, the delivery that precedes the 250). A stop
    /// does not cancel it, only the inactivity timeout does: issue 7 has a graceful stop finish the message in
    /// flight, bounded by server.stop_grace, and only then answer 421 (RFC 5321 §3.8).
    /// </summary>
    private CancellationToken TransferToken => _connection.Inactive;

    /// <summary>A BDAT transaction has chunks received and awaits more: the next command is part of it.</summary>
    private bool InChunkedTransfer => _transaction?.Chunks is not null;

    public async Task RunAsync()
    {
        try
        {
            await GreetAsync().ConfigureAwait(false);
            while (!_quit)
            {
                await FlushIfIdleAsync().ConfigureAwait(false);

                // RFC 5321 §4.5.3.2.7: the server waits at least 5 minutes for the next command.
                _connection.SetTimeout(TimeSpan.FromSeconds(_context.Config.Smtp.CommandTimeout));
                // Read with AUTH's limit; HandleLineAsync holds every other command to 512 octets.
                var line = await _lines.ReadLineAsync(SmtpCommandParser.MaxAuthCommandLineOctets - 2,
                    InChunkedTransfer ? TransferToken : _connection.Aborted).ConfigureAwait(false);
                if (line.Status == LineStatus.EndOfStream)
                {
                    return;
                }

                await HandleLineAsync(line).ConfigureAwait(false);
                if (_connection.ServerStopping.IsCancellationRequested && !InChunkedTransfer && !_quit)
                {
                    // A stop came while a message was in transfer: its reply is out with the 421 right after it.
                    await SayGoodbyeAsync().ConfigureAwait(false);
                    return;
                }

                if (_errors >= MaxErrors)
                {
                    SmtpLog.TooManyErrors(_logger, SessionId, _errors);
                    await SendAsync(SmtpReply.TooManyErrors).ConfigureAwait(false);
                    break;
                }
            }

            await FlushAsync(_connection.Aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_connection.Aborted.IsCancellationRequested)
        {
            await SayGoodbyeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleLineAsync(LineResult line)
    {
        if (line.Status == LineStatus.TooLong)
        {
            await SendErrorAsync("(line too long)", SmtpReply.LineTooLong).ConfigureAwait(false);
            return;
        }

        // RFC 5321 §2.3.8: lines end with CR LF only. A command ended by a bare LF is refused, never run.
        if (line.BareLf)
        {
            await SendErrorAsync("(bare LF)", SmtpReply.BareLineFeed).ConfigureAwait(false);
            return;
        }

        var parsed = SmtpCommandParser.Parse(line.Text);
        if (line.Text.Length > SmtpCommandParser.MaxCommandLineOctets - 2 && parsed.Command?.Verb != SmtpVerb.Auth)
        {
            // RFC 5321 §4.5.3.1.4: 512 octets for every command but AUTH (RFC 4954 §4).
            await SendErrorAsync("(line too long)", SmtpReply.LineTooLong).ConfigureAwait(false);
            return;
        }

        if (parsed.Command is not { } command)
        {
            await SendErrorAsync("(invalid octets)", parsed.Error!).ConfigureAwait(false);
            return;
        }

        if (command.Verb == SmtpVerb.Unknown)
        {
            await SendErrorAsync(command.Keyword, SmtpReply.UnknownCommand).ConfigureAwait(false);
            return;
        }

        if (SmtpStateTable.Check(_state, command.Verb) is { } refusal)
        {
            await SendErrorAsync(command.Keyword, refusal).ConfigureAwait(false);
            return;
        }

        if (await SubmissionGateAsync(command).ConfigureAwait(false) is { } gate)
        {
            await SendErrorAsync(command.Keyword, gate).ConfigureAwait(false);
            return;
        }

        SmtpReply? reply;
        try
        {
            reply = await ExecuteAsync(command).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            // STYLE §7: our own fault becomes 451 4.3.0 and one Error line, and the session goes on.
            SmtpLog.CommandFailed(_logger, e, SessionId, command.Keyword);
            reply = SmtpReply.LocalError;
        }

        if (reply is null)
        {
            return;
        }

        if (reply.IsError && command.Verb != SmtpVerb.Rcpt && reply.Code != SmtpReplyCode.LocalError451)
        {
            SmtpLog.PeerError(_logger, SessionId, command.Keyword, reply.ToString());
            CountError(reply);
        }

        await SendAsync(reply).ConfigureAwait(false);
    }

    /// <summary>Runs an allowed command; returns its reply, or null when it has already answered.</summary>
    private Task<SmtpReply?> ExecuteAsync(SmtpCommand command) => command.Verb switch
    {
        SmtpVerb.Ehlo => Task.FromResult<SmtpReply?>(Hello(command.Argument, extended: true)),
        SmtpVerb.Helo => Task.FromResult<SmtpReply?>(Hello(command.Argument, extended: false)),
        SmtpVerb.Mail => MailAsync(command.Argument),
        SmtpVerb.Rcpt => RcptAsync(command.Argument),
        SmtpVerb.Data => DataAsync(command.Argument),
        SmtpVerb.Bdat => BdatAsync(command.Argument),
        SmtpVerb.Rset => Task.FromResult<SmtpReply?>(Rset(command.Argument)),
        SmtpVerb.Noop => Task.FromResult<SmtpReply?>(SmtpReply.Ok),
        SmtpVerb.Quit => Task.FromResult<SmtpReply?>(Quit(command.Argument)),
        SmtpVerb.Help => Task.FromResult<SmtpReply?>(SmtpReply.Help),
        SmtpVerb.Vrfy => VrfyAsync(command.Argument),
        SmtpVerb.Expn => ExpnAsync(command.Argument),
        SmtpVerb.StartTls => StartTlsAsync(command.Argument),
        SmtpVerb.Auth => AuthAsync(command.Argument),
        _ => Task.FromResult<SmtpReply?>(SmtpReply.UnknownCommand),
    };

    private async Task SendErrorAsync(string command, SmtpReply reply)
    {
        SmtpLog.PeerError(_logger, SessionId, command, reply.ToString());
        CountError(reply);
        await SendAsync(reply).ConfigureAwait(false);
    }

    private void CountError(SmtpReply reply)
    {
        if (reply.Code is SmtpReplyCode.SyntaxError500 or SmtpReplyCode.ParameterSyntaxError501
            or SmtpReplyCode.BadSequence503 or SmtpReplyCode.ParametersNotRecognized555)
        {
            _errors++;
        }
    }

    /// <summary>Queues a reply; it goes out at the next flush (RFC 2920: pipelined replies may wait).</summary>
    private async Task SendAsync(SmtpReply reply)
    {
        _output.Write(reply.Format(SessionId));
        if (_output.WrittenCount > MaxBufferedReplyOctets)
        {
            await FlushAsync(_connection.Aborted).ConfigureAwait(false);
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_output.WrittenCount == 0)
        {
            return;
        }

        await _connection.WriteAsync(_output.WrittenMemory, ct).ConfigureAwait(false);
        await _connection.FlushAsync(ct).ConfigureAwait(false);
        _output.ResetWrittenCount();
    }

    /// <summary>
    /// RFC 2920 §3.2: replies are sent when the server would otherwise wait for input, so a pipelined group
    /// gets its replies together, and a client that waits for a reply always gets it.
    /// </summary>
    private async Task FlushIfIdleAsync()
    {
        var reader = _connection.Reader;
        if (_output.WrittenCount > 0 && reader.TryRead(out var result))
        {
            var hasLine = result.Buffer.PositionOf((byte)'\n') is not null;
            reader.AdvanceTo(result.Buffer.Start);
            if (hasLine)
            {
                return;
            }
        }

        await FlushAsync(_connection.Aborted).ConfigureAwait(false);
    }

    /// <summary>RFC 5321 §4.5.3.2 and §3.8: on timeout or shutdown, a 421 and close.</summary>
    private async Task SayGoodbyeAsync()
    {
        SmtpReply reply;
        if (_connection.ServerStopping.IsCancellationRequested)
        {
            SmtpLog.ShutdownClose(_logger, SessionId);
            reply = SmtpReply.ShuttingDown;
        }
        else
        {
            SmtpLog.Timeout(_logger, SessionId, _state.ToString());
            reply = SmtpReply.Timeout;
        }

        _output.Write(reply.Format(SessionId));
        using var writeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await FlushAsync(writeTimeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or not reading; there is nobody left to tell.
        }
    }
}
