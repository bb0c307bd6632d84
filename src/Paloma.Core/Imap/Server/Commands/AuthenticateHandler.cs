using System.Text;
using Paloma.Imap.Protocol;
using Paloma.Net;

namespace Paloma.Imap.Server.Commands;

/// <summary>
/// AUTHENTICATE PLAIN (RFC 3501 §6.2.2, RFC 4616) with SASL-IR (RFC 4959). The exchange owns the input until it
/// ends: "*" cancels (BAD), undecodable base64 is BAD, and a PLAIN message whose authzid is neither empty nor the
/// authcid is refused, since no user may act as another (C22, C23).
/// </summary>
internal static class AuthenticateHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, AuthenticateCommand command,
        CancellationToken ct)
    {
        if (command.Mechanism != "PLAIN")
        {
            return ImapCompletion.No($"mechanism {command.Mechanism} is not supported", ImapResponseCode.Cannot);
        }

        var response = command.InitialResponse;
        if (response is null)
        {
            // RFC 3501 §6.2.2: an empty challenge is "+ " with nothing after it.
            session.Writer.Raw("+ ").Line();
            await session.FlushAsync(ct).ConfigureAwait(false);
            var line = await session.ReadLineAsync(ct).ConfigureAwait(false);
            if (line.Status == LineStatus.EndOfStream)
            {
                throw new IOException("connection closed during AUTHENTICATE");
            }

            if (line.Status == LineStatus.TooLong)
            {
                return ImapCompletion.Bad("authentication response too long");
            }

            response = Encoding.ASCII.GetString(line.Text);
        }

        if (response == "*")
        {
            return ImapCompletion.Bad("authentication cancelled");
        }

        if (!TryDecodeBase64(response, out var message))
        {
            return ImapCompletion.Bad("authentication response is not valid base64");
        }

        return await PlainAsync(session, message, ct).ConfigureAwait(false);
    }

    private static async Task<ImapCompletion> PlainAsync(ImapSession session, byte[] message, CancellationToken ct)
    {
        // RFC 4616 §2: message = [authzid] UTF8NUL authcid UTF8NUL passwd.
        var parts = Split(message);
        if (parts is null || parts[1].Length == 0 || parts[2].Length == 0)
        {
            return ImapCompletion.No("malformed PLAIN message", ImapResponseCode.AuthenticationFailed);
        }

        var (authzid, authcid, password) = (parts[0], parts[1], parts[2]);
        if (authzid.Length > 0 && !authzid.Equals(authcid, StringComparison.OrdinalIgnoreCase))
        {
            ImapLog.LoginFailed(session.Logger, session.SessionId, authcid, session.RemoteIp, "PLAIN");
            return ImapCompletion.No($"{authcid} may not act as {authzid}", ImapResponseCode.AuthorizationFailed);
        }

        return await LoginHandler.VerifyAsync(session, authcid, password, "PLAIN", ct).ConfigureAwait(false);
    }

    private static string[]? Split(byte[] message)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            var parts = strict.GetString(message).Split('\0');
            return parts.Length == 3 ? parts : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>RFC 4959 §7: "=" is an empty initial response.</summary>
    private static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text == "=")
        {
            return true;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
