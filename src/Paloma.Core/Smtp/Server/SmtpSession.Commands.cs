using Paloma.Smtp.Protocol;

namespace Paloma.Smtp.Server;

/// <summary>The commands that do not touch a transaction's envelope or data: EHLO, HELO, RSET, QUIT, VRFY.</summary>
internal sealed partial class SmtpSession
{
    /// <summary>RFC 5321 §4.1.1.1: EHLO/HELO name the client and reset any transaction (§4.1.4).</summary>
    private SmtpReply Hello(string argument, bool extended)
    {
        if (argument.Length == 0)
        {
            return SmtpReply.ArgumentRequired;
        }

        if (!IsAcceptableHeloName(argument))
        {
            return SmtpReply.InvalidHeloDomain;
        }

        _heloName = argument;
        _extended = extended;
        _transaction = null;
        _state = SmtpState.Greeted;
        var greeting = $"{_context.Config.Server.Hostname} Hello {argument} "
            + TraceHeaders.AddressLiteral(_connection.RemoteEndPoint.Address);
        if (!extended)
        {
            return new SmtpReply(SmtpReplyCode.Ok250, null, greeting);
        }

        // RFC 2034 §3: the EHLO reply carries no enhanced status code.
        return new SmtpReply(SmtpReplyCode.Ok250, null,
        [
            greeting,
            "PIPELINING", // RFC 2920
            $"SIZE {_context.Config.Limits.MaxMessageBytes}", // RFC 1870 §4
            "8BITMIME", // RFC 6152
            "ENHANCEDSTATUSCODES", // RFC 2034
            "HELP",
            .. TlsAndAuthExtensions(),
        ]);
    }

    /// <summary>
    /// A Domain or address literal (RFC 5321 §4.1.1.1). Leniency: names with underscores, as Windows machine
    /// names often have, are accepted too, since the name is only informational (§4.1.4 forbids refusing a
    /// session because the name does not match the address).
    /// </summary>
    private static bool IsAcceptableHeloName(string name) =>
        name.Length <= SmtpPathParser.MaxDomainOctets
        && (SmtpPathParser.IsDomainOrLiteral(name)
            || name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'));

    /// <summary>RFC 5321 §4.1.1.5: RSET has no argument and aborts the transaction.</summary>
    private SmtpReply Rset(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        ResetTransaction();
        return SmtpReply.Ok;
    }

    /// <summary>RFC 5321 §4.1.1.10: QUIT has no argument; answer 221 and close.</summary>
    private SmtpReply Quit(string argument)
    {
        if (argument.Length != 0)
        {
            return SmtpReply.NoArgumentsAllowed;
        }

        _quit = true;
        return SmtpReply.Closing;
    }

    /// <summary>RFC 5321 §3.5.3: VRFY gets 252 so that no user's existence is disclosed (PRODUCT C).</summary>
    private static SmtpReply Vrfy(string argument) =>
        argument.Length == 0 ? SmtpReply.ArgumentRequired : SmtpReply.CannotVerify;

    private void ResetTransaction()
    {
        _transaction = null;
        if (_state != SmtpState.Connected)
        {
            _state = SmtpState.Greeted;
        }
    }
}
