namespace Paloma.Smtp.Protocol;

/// <summary>A syntactically sound command line: the verb and the text after the first space (empty if none).</summary>
public sealed record SmtpCommand(SmtpVerb Verb, string Keyword, string Argument);

/// <summary>Either a <see cref="SmtpCommand"/> or the reply that refuses the line.</summary>
public readonly record struct SmtpCommandParseResult(SmtpCommand? Command, SmtpReply? Error)
{
    public static SmtpCommandParseResult Fail(SmtpReply error) => new(null, error);
}
