using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Paloma.Imap.Protocol;

/// <summary>A command that breaks the RFC 3501 §9 grammar; the session answers it with a tagged BAD.</summary>
public sealed class ImapSyntaxException(string message) : Exception(message)
{
    [DoesNotReturn]
    [StackTraceHidden]
    public static void Throw(string message) => throw new ImapSyntaxException(message);
}

/// <summary>
/// Internal signal of the parser: the input ended before the command did. <see cref="Literal"/> is set when
/// what is missing is the body of a literal that was announced at the end of the last line.
/// </summary>
internal sealed class ImapIncompleteException(LiteralSpec? literal) : Exception("incomplete command")
{
    public LiteralSpec? Literal { get; } = literal;

    [DoesNotReturn]
    [StackTraceHidden]
    public static void Throw(LiteralSpec? literal = null) => throw new ImapIncompleteException(literal);
}
