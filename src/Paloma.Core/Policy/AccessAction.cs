using System.Globalization;

namespace Paloma.Policy;

/// <summary>The right-hand side of an access map entry. For <see cref="AccessActionKind.Error"/> the reply code,
/// enhanced code and text come from the entry; for the others they are the defaults Sendmail uses.</summary>
public sealed record AccessAction(AccessActionKind Kind, int ReplyCode, string EnhancedCode, string Text)
{
    public static AccessAction Ok { get; } = new(AccessActionKind.Ok, 250, "2.0.0", "OK");

    public static AccessAction Relay { get; } = new(AccessActionKind.Relay, 250, "2.0.0", "OK");

    /// <summary>Sendmail's proto.m4 answers REJECT with "550 5.7.1 Access denied".</summary>
    public static AccessAction Reject { get; } = new(AccessActionKind.Reject, 550, "5.7.1", "Access denied");

    public static AccessAction Discard { get; } = new(AccessActionKind.Discard, 250, "2.0.0", "OK");

    public static AccessAction Skip { get; } = new(AccessActionKind.Skip, 0, "", "");

    /// <summary>Parses a right-hand side. Returns null with an explanation when it is not one of Sendmail's
    /// actions; the map parser adds the file and line.</summary>
    public static AccessAction? TryParse(string value, out string? error)
    {
        error = null;
        var text = value.Trim();
        switch (text.ToUpperInvariant())
        {
            case "OK":
                return Ok;
            case "RELAY":
                return Relay;
            case "REJECT":
                return Reject;
            case "DISCARD":
                return Discard;
            case "SKIP":
                return Skip;
        }

        if (text.StartsWith("ERROR:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseError(text[6..], out error);
        }

        error = text.Length == 0
            ? "missing action (expected OK, RELAY, REJECT, DISCARD, SKIP or ERROR:code text)"
            : $"unknown action \"{text}\" (expected OK, RELAY, REJECT, DISCARD, SKIP or ERROR:code text)";
        return null;
    }

    /// <summary>The decision this action gives when it is the most specific match. Relay and Ok both accept;
    /// whether relaying is allowed is the relay policy's business.</summary>
    public PolicyDecision ToDecision(string reason) => Kind switch
    {
        AccessActionKind.Ok or AccessActionKind.Relay or AccessActionKind.Skip => PolicyDecision.Accepted(reason),
        AccessActionKind.Discard => PolicyDecision.Discard(reason),
        _ when ReplyCode < 500 => PolicyDecision.TempFail(ReplyCode, EnhancedCode, Text, reason),
        _ => PolicyDecision.Reject(ReplyCode, EnhancedCode, Text, reason),
    };

    /// <summary>cf/README: "ERROR:### any text" and "ERROR:D.S.N:### any text", where ### is an RFC 821 reply
    /// code and D.S.N an RFC 1893 (now RFC 3463) status code. Sendmail also accepts the code and text quoted,
    /// as in ERROR:"550 Go away" and ERROR:5.7.1:"550 Go away", so we strip one pair of quotes.</summary>
    private static AccessAction? TryParseError(string rest, out string? error)
    {
        error = null;
        rest = Unquote(rest.Trim());
        string? enhanced = null;
        var colon = rest.IndexOf(':');
        if (colon > 0 && IsEnhancedCode(rest.AsSpan(0, colon)))
        {
            enhanced = rest[..colon];
            rest = Unquote(rest[(colon + 1)..].Trim());
        }

        if (rest.Length < 3 || rest[0] is not ('4' or '5') || !char.IsAsciiDigit(rest[1]) || !char.IsAsciiDigit(rest[2])
            || rest.Length > 3 && rest[3] != ' ')
        {
            error = "ERROR needs a 4xx or 5xx reply code, as in ERROR:550 text or ERROR:5.7.1:550 text "
                + $"(got \"{rest}\")";
            return null;
        }

        var code = int.Parse(rest.AsSpan(0, 3), CultureInfo.InvariantCulture);
        var message = rest.Length > 4 ? rest[4..].Trim() : "";
        if (enhanced is not null && enhanced[0] != rest[0])
        {
            error = $"enhanced code {enhanced} and reply code {code} disagree on success class (RFC 3463 §3.1)";
            return null;
        }

        // "ERROR:550 5.7.1 text": the text itself begins with the enhanced code, as administrators often write
        // it; take it as the D.S.N rather than sending "550 5.0.0 5.7.1 text".
        var firstWord = message.Split(' ', 2)[0];
        if (enhanced is null && IsEnhancedCode(firstWord) && firstWord[0] == rest[0])
        {
            enhanced = firstWord;
            message = message[firstWord.Length..].Trim();
        }

        // Without D.S.N Sendmail sends the class's generic code (x.0.0, RFC 3463 §3.1 "undefined status").
        enhanced ??= rest[0] + ".0.0";
        return new AccessAction(AccessActionKind.Error, code, enhanced, message.Length > 0 ? message : "Access denied");
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? text[1..^1].Trim() : text;

    private static bool IsEnhancedCode(ReadOnlySpan<char> text)
    {
        // RFC 3463 §2: class "." subject "." detail; class is 2, 4 or 5, subject and detail 1-3 digits.
        if (text.Length < 5 || text[0] is not ('2' or '4' or '5') || text[1] != '.')
        {
            return false;
        }

        var parts = 0;
        foreach (var range in text[2..].Split('.'))
        {
            var part = text[2..][range];
            if (part.Length is 0 or > 3 || !part.ContainsOnlyDigits())
            {
                return false;
            }

            parts++;
        }

        return parts == 2;
    }
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
