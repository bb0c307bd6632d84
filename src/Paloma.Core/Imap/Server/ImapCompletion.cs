using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Paloma.Imap.Server;

/// <summary>The tagged result of a command (RFC 3501 §7.1): OK, NO or BAD, an optional response code, text.</summary>
internal sealed record ImapCompletion(string Status, string? Code, string Text)
{
    public static ImapCompletion Ok(string text, string? code = null) => new("OK", code, text);

    public static ImapCompletion No(string text, string? code = null) => new("NO", code, text);

    public static ImapCompletion Bad(string text, string? code = null) => new("BAD", code, text);
}

/// <summary>Ends a command early with a NO or BAD; the session's one catch site writes it.</summary>
internal sealed class ImapCommandException(ImapCompletion completion) : Exception(completion.Text)
{
    public ImapCompletion Completion { get; } = completion;

    [DoesNotReturn]
    [StackTraceHidden]
    public static void No(string text, string? code = null) =>
        throw new ImapCommandException(ImapCompletion.No(text, code));

    [DoesNotReturn]
    [StackTraceHidden]
    public static void Bad(string text, string? code = null) =>
        throw new ImapCommandException(ImapCompletion.Bad(text, code));
}
