using System.Text;

namespace Paloma.Smtp.Protocol;

/// <summary>The RCPT parameters of RFC 3461 §4: NOTIFY and ORCPT, stored with the message for the queue.
/// </summary>
/// <param name="Notify">"NEVER" or a comma list of SUCCESS, FAILURE, DELAY (upper-cased); null if absent.</param>
/// <param name="OriginalRecipient">ORCPT as given: "addr-type;xtext"; null if absent.</param>
public sealed record DsnRecipient(string? Notify, string? OriginalRecipient);

/// <summary>Parsing of the DSN parameters (RFC 3461 §4.1-4.4) and xtext (§4).</summary>
public static class DsnParameters
{
    /// <summary>RFC 3461 §4.4: ENVID is xtext, at most 100 characters.</summary>
    public const int MaxEnvidLength = 100;

    /// <summary>RFC 3461 §4.2: ORCPT is at most 500 characters.</summary>
    public const int MaxOrcptLength = 500;

    /// <summary>RFC 3461 §4: xtext = *( xchar / hexchar ), xchar any of "!".."~" except "+" and "=",
    /// hexchar "+" two upper-case hex digits.</summary>
    public static bool IsXtext(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '+')
            {
                if (i + 2 >= value.Length || !IsUpperHex(value[i + 1]) || !IsUpperHex(value[i + 2]))
                {
                    return false;
                }

                i += 2;
            }
            else if (c is < '!' or > '~' or '=')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 3461 §4.1: NOTIFY=NEVER, or one or more of SUCCESS, FAILURE, DELAY.</summary>
    public static string? ParseNotify(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var items = value.ToUpperInvariant().Split(',');
        if (items.Length == 1 && items[0] == "NEVER")
        {
            return "NEVER";
        }

        var seen = new HashSet<string>();
        foreach (var item in items)
        {
            if (item is not ("SUCCESS" or "FAILURE" or "DELAY") || !seen.Add(item))
            {
                return null;
            }
        }

        return string.Join(',', items);
    }

    /// <summary>RFC 3461 §4.2: ORCPT=addr-type ";" xtext, addr-type an atom such as rfc822 or utf-8.</summary>
    public static bool IsValidOrcpt(string? value)
    {
        if (value is null || value.Length > MaxOrcptLength)
        {
            return false;
        }

        var semicolon = value.IndexOf(';');
        return semicolon > 0 && value[..semicolon].All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && semicolon < value.Length - 1 && IsXtext(value[(semicolon + 1)..]);
    }

    /// <summary>Decodes xtext ("+2B" → "+"); for logs and the queue.</summary>
    public static string DecodeXtext(string value)
    {
        var output = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '+' && i + 2 < value.Length)
            {
                output.Append((char)Convert.ToInt32(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                output.Append(value[i]);
            }
        }

        return output.ToString();
    }

    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';
}
