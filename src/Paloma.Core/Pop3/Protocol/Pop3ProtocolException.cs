using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Paloma.Pop3.Protocol;

/// <summary>
/// A command the session refuses with <c>-ERR</c>. Parsers and command handlers throw it; the command loop is
/// the one place that catches it, answers, and carries on.
/// </summary>
public sealed class Pop3ProtocolException(Pop3Error error, string? detail)
    : Exception(detail is null ? error.ToString() : $"{error}: {detail}")
{
    public Pop3Error Error { get; } = error;

    /// <summary>A short qualifier appended to the reply text, e.g. which argument was wrong.</summary>
    public string? Detail { get; } = detail;

    [DoesNotReturn]
    [StackTraceHidden]
    public static void Throw(Pop3Error error, string? detail = null) => throw new Pop3ProtocolException(error, detail);
}
