using System.Text;
using Paloma.Pop3.Protocol;

namespace Paloma.Pop3.Server;

/// <summary>The TRANSACTION state's commands other than RETR and TOP (RFC 1939 §5, §7).</summary>
internal sealed partial class Pop3Session
{
    private async Task TransactionCommandAsync(Pop3Command command)
    {
        switch (command.Verb)
        {
            case Pop3Verb.Stat:
                await StatAsync().ConfigureAwait(false);
                break;
            case Pop3Verb.List:
                await ListAsync(command.MessageNumber, m => m.Size.ToString()).ConfigureAwait(false);
                break;
            case Pop3Verb.Uidl:
                await ListAsync(command.MessageNumber, Maildrop.UniqueId).ConfigureAwait(false);
                break;
            case Pop3Verb.Dele:
                var number = command.MessageNumber!.Value;
                Maildrop.Delete(number);
                await SendAsync(Pop3Responses.Ok($"message {number} deleted")).ConfigureAwait(false);
                break;
            case Pop3Verb.Rset:
                Maildrop.Reset();
                await SendAsync(Pop3Responses.Ok(Summary())).ConfigureAwait(false);
                break;
            case Pop3Verb.Noop:
                await SendAsync(Pop3Responses.Noop).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"{command.Verb} is not a TRANSACTION command");
        }
    }

    /// <summary>
    /// RFC 1939 §5 STAT: count and size of the messages not marked deleted. Sizes here and in LIST are the
    /// octets as stored; the RFC allows them to differ from what RETR transmits (CRLF for bare LF, stuffing).
    /// </summary>
    private async Task StatAsync()
    {
        var visible = Maildrop.Visible.ToList();
        await SendAsync(Pop3Responses.Ok($"{visible.Count} {visible.Sum(p => p.Message.Size)}")).ConfigureAwait(false);
    }

    /// <summary>LIST and UIDL share their shape: one "n value" line for an argument, else a multi-line list.</summary>
    private async Task ListAsync(int? number, Func<Storage.MessageInfo, string> value)
    {
        if (number is { } n)
        {
            await SendAsync(Pop3Responses.Ok($"{n} {value(Maildrop.Get(n))}")).ConfigureAwait(false);
            return;
        }

        var body = new StringBuilder();
        foreach (var (i, message) in Maildrop.Visible)
        {
            body.Append(i).Append(' ').Append(value(message)).Append("\r\n");
        }

        body.Append(".\r\n");
        await SendAsync(Pop3Responses.Ok(Summary()), Encoding.ASCII.GetBytes(body.ToString())).ConfigureAwait(false);
    }

    private string Summary()
    {
        var visible = Maildrop.Visible.ToList();
        return $"{visible.Count} messages ({visible.Sum(p => p.Message.Size)} octets)";
    }
}
