using Paloma.Imap.Protocol;

namespace Paloma.Imap.Server.Commands;

/// <summary>CAPABILITY, NOOP, CHECK, LOGOUT and ID: the commands valid in every state (RFC 3501 §6.1).</summary>
internal static class AnyStateHandlers
{
    public static Task<ImapCompletion> CapabilityAsync(ImapSession session)
    {
        session.Writer.Untagged("CAPABILITY " + Capabilities.For(session));
        return Task.FromResult(ImapCompletion.Ok("CAPABILITY completed"));
    }

    /// <summary>RFC 3501 §6.1.2, §6.4.1: nothing to do; the session reports mailbox changes after every command.
    /// CHECK (§6.4.1) has nothing to flush either: every change is committed before its OK; its reply names it.
    /// </summary>
    public static Task<ImapCompletion> NoopAsync(SimpleCommand command) =>
        Task.FromResult(ImapCompletion.Ok($"{command.Name} completed"));

    /// <summary>RFC 3501 §6.1.3: BYE, then the tagged OK, then the server closes the connection.</summary>
    public static Task<ImapCompletion> LogoutAsync(ImapSession session)
    {
        session.Writer.Untagged("BYE Paloma logging out");
        session.Deselect();
        session.State = ImapState.Logout;
        return Task.FromResult(ImapCompletion.Ok("LOGOUT completed"));
    }

    /// <summary>RFC 2971 §3.3: the server's own identification; what the client says needs no answer.</summary>
    public static Task<ImapCompletion> IdAsync(ImapSession session)
    {
        session.Writer.Raw("* ID (").String("name").Raw(" ").String("Paloma").Raw(" ")
            .String("vendor").Raw(" ").String("Paloma").Raw(")").Line();
        return Task.FromResult(ImapCompletion.Ok("ID completed"));
    }
}
