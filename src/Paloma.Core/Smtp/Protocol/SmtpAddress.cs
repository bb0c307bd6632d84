using System.Net;

namespace Paloma.Smtp.Protocol;

/// <summary>What follows the "@" of an address (RFC 5321 §4.1.2, §4.1.3).</summary>
public enum DomainKind
{
    Name,
    IPv4Literal,
    IPv6Literal,

    /// <summary>A General-address-literal ("[tag:content]"); syntactically valid, never one of ours.</summary>
    GeneralLiteral,
}

/// <summary>
/// A Mailbox of RFC 5321 §4.1.2: local part "@" domain or address literal. Called an address, not a mailbox,
/// in code, because a mailbox in Paloma is an IMAP folder.
/// </summary>
/// <param name="LocalPart">The local part as the client wrote it (a quoted string keeps its quotes).</param>
/// <param name="LocalPartValue">The local part's value: a quoted string without quotes and escapes.</param>
/// <param name="IsDotString">True when <paramref name="LocalPartValue"/> is a valid Dot-string, so it can be
/// written without quotes; only such local parts can name a local user.</param>
/// <param name="Domain">The domain as written, or the literal including its brackets.</param>
/// <param name="Literal">The address of an IPv4 or IPv6 literal.</param>
public sealed record SmtpAddress(string LocalPart, string LocalPartValue, bool IsDotString, string Domain,
    DomainKind Kind, IPAddress? Literal)
{
    public override string ToString() => LocalPart + "@" + Domain;
}

/// <summary>One ESMTP parameter of MAIL or RCPT (RFC 5321 §4.1.2 esmtp-param).</summary>
public sealed record EsmtpParameter(string Keyword, string? Value);

/// <summary>
/// A parsed MAIL or RCPT argument. <see cref="Address"/> is null for the null reverse-path "&lt;&gt;" and for
/// "&lt;Postmaster&gt;" (then <see cref="IsPostmaster"/> is true). A source route is parsed and dropped
/// (RFC 5321 §4.1.4 and Appendix C: the final mailbox decides).
/// </summary>
public sealed record SmtpPath(SmtpAddress? Address, bool IsPostmaster, IReadOnlyList<EsmtpParameter> Parameters)
{
    /// <summary>The path in angle brackets, as it goes into Return-Path: and the logs.</summary>
    public string ToAngleForm() => IsPostmaster ? "<Postmaster>" : "<" + Address + ">";
}

/// <summary>Either a <see cref="SmtpPath"/> or the reply refusing the argument.</summary>
public readonly record struct SmtpPathParseResult(SmtpPath? Path, SmtpReply? Error)
{
    public static SmtpPathParseResult Fail(SmtpReply error) => new(null, error);
}
