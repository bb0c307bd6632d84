namespace Paloma.Smtp.Protocol;

/// <summary>The MAIL parameters Paloma supports: SIZE (RFC 1870) and BODY (RFC 6152).</summary>
/// <param name="DeclaredSize">The SIZE value; <see cref="long.MaxValue"/> when it does not fit in 64 bits
/// (case C10: a 20-digit value is simply too large), null when absent.</param>
/// <param name="Body">"7BIT" or "8BITMIME", upper-cased; null when absent.</param>
public sealed record MailParameters(long? DeclaredSize, string? Body)
{
    private static readonly SmtpReply s_badSize = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "SIZE needs a decimal number");
    private static readonly SmtpReply s_badBody = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "BODY must be 7BIT or 8BITMIME");
    private static readonly SmtpReply s_duplicate = new(SmtpReplyCode.ParameterSyntaxError501,
        EnhancedStatusCode.InvalidArguments, "Parameter given twice");

    /// <summary>Interprets the parameters of MAIL; returns the refusal for an unknown or malformed one.</summary>
    public static MailParameters Parse(IReadOnlyList<EsmtpParameter> parameters, out SmtpReply? error)
    {
        long? size = null;
        string? body = null;
        error = null;
        foreach (var parameter in parameters)
        {
            switch (parameter.Keyword.ToUpperInvariant())
            {
                case "SIZE" when size is not null:
                case "BODY" when body is not null:
                    error = s_duplicate;
                    break;
                case "SIZE":
                    // RFC 1870 §3: size-value = 1*20DIGIT.
                    var value = parameter.Value;
                    if (value is null || value.Length is 0 or > 20 || !value.All(char.IsAsciiDigit))
                    {
                        error = s_badSize;
                        break;
                    }

                    size = long.TryParse(value, out var parsed) ? parsed : long.MaxValue;
                    break;
                case "BODY":
                    // RFC 6152 §2: BODY=7BIT or BODY=8BITMIME.
                    body = parameter.Value?.ToUpperInvariant();
                    if (body is not ("7BIT" or "8BITMIME"))
                    {
                        error = s_badBody;
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

        return new MailParameters(size, body);
    }
}
