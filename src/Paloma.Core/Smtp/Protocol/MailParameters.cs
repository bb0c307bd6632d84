namespace Paloma.Smtp.Protocol;

/// <summary>The MAIL parameters Paloma supports: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8
/// (RFC 6531) and the DSN parameters RET and ENVID (RFC 3461 §4.3, §4.4).</summary>
/// <param name="DeclaredSize">The SIZE value; <see cref="long.MaxValue"/> when it does not fit in 64 bits
/// (case C10: a 20-digit or longer value is simply too large), null when absent.</param>
/// <param name="Body">"7BIT", "8BITMIME" or "BINARYMIME", upper-cased; null when absent.</param>
/// <param name="Ret">"FULL" or "HDRS"; null when absent.</param>
/// <param name="EnvelopeId">ENVID as given (xtext); null when absent.</param>
/// <param name="SmtpUtf8">The SMTPUTF8 parameter was given: UTF-8 addresses and headers (RFC 6531 §3.4).</param>
public sealed record MailParameters(long? DeclaredSize, string? Body, string? Ret = null, string? EnvelopeId = null,
    bool SmtpUtf8 = false)
{
    private static readonly SmtpReply s_badRet = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "RET must be FULL or HDRS");
    private static readonly SmtpReply s_badEnvid = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "ENVID must be xtext of at most 100 characters");

    private static readonly SmtpReply s_badSize = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "SIZE needs a decimal number");
    private static readonly SmtpReply s_badBody = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "BODY must be 7BIT, 8BITMIME or BINARYMIME");
    private static readonly SmtpReply s_badSmtpUtf8 = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "SMTPUTF8 takes no value");
    private static readonly SmtpReply s_duplicate = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Parameter given twice");

    /// <summary>Interprets the parameters of MAIL; returns the refusal for an unknown or malformed one.</summary>
    public static MailParameters Parse(IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error)
    {
        long? size = null;
        string? body = null;
        string? ret = null;
        string? envid = null;
        var utf8 = false;
        error = null;
        foreach (var parameter in parameters)
        {
            switch (parameter.Keyword.ToUpperInvariant())
            {
                case "SIZE" when size is not null:
                case "BODY" when body is not null:
                case "RET" when ret is not null:
                case "ENVID" when envid is not null:
                case "SMTPUTF8" when utf8:
                    error = s_duplicate;
                    break;
                case "SMTPUTF8":
                    // RFC 6531 §3.4: the parameter has no value.
                    utf8 = true;
                    error = parameter.Value is null ? null : s_badSmtpUtf8;
                    break;
                case "SIZE":
                    // RFC 1870 §3: size-value = 1*20DIGIT. Only a value that is not a number is a syntax error
                    // (501); a longer run of digits is a size we cannot take, which §6 answers with 552.
                    var value = parameter.Value;
                    if (value is null || value.Length is 0 || !value.All(char.IsAsciiDigit))
                    {
                        error = s_badSize;
                        break;
                    }

                    size = long.TryParse(value, out var parsed) ? parsed : long.MaxValue;
                    break;
                case "BODY":
                    // RFC 6152 §2: BODY=7BIT or 8BITMIME; RFC 3030 §3: BINARYMIME, whose data must come by BDAT.
                    body = parameter.Value?.ToUpperInvariant();
                    if (body is not ("7BIT" or "8BITMIME" or "BINARYMIME"))
                    {
                        error = s_badBody;
                    }

                    break;
                case "RET":
                    // RFC 3461 §4.3: RET=FULL or RET=HDRS.
                    ret = parameter.Value?.ToUpperInvariant();
                    if (ret is not ("FULL" or "HDRS"))
                    {
                        error = s_badRet;
                    }

                    break;
                case "ENVID":
                    // RFC 3461 §4.4: ENVID=xtext, at most 100 characters.
                    envid = parameter.Value;
                    if (envid is null || envid.Length is 0 or > DsnParameters.MaxEnvidLength
                        || !DsnParameters.IsXtext(envid))
                    {
                        error = s_badEnvid;
                    }

                    break;
                default:
                    // RFC 5321 §4.1.1.11: a parameter we did not advertise is answered 555.
                    error = SmtpReply.UnknownParameter;
                    break;
            }

            if (error is not null)
            {
                return new MailParameters(null, null);
            }
        }

        return new MailParameters(size, body, ret, envid, utf8);
    }
}
