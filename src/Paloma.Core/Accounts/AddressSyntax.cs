using System.Globalization;

namespace Paloma.Accounts;

/// <summary>Checks and normalises the addresses and domains an administrator gives to account commands.</summary>
public static class AddressSyntax
{
    private static readonly IdnMapping s_idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Lower-cases a domain and converts an internationalised one to its A-label form
    /// (RFC 5890), so that "Bücher.example" and "xn--bcher-kva.example" are one domain.</summary>
    public static string NormalizeDomain(string domain)
    {
        var trimmed = domain.Trim().TrimEnd('.');
        string ascii;
        try
        {
            ascii = s_idn.GetAscii(trimmed);
        }
        catch (ArgumentException)
        {
            throw new AccountArgumentException($"\"{domain}\" is not a valid domain name");
        }

        if (ascii.Length > 253 || !ascii.Contains('.') && ascii != "localhost")
        {
            throw new AccountArgumentException(
                $"\"{domain}\" is not a valid domain name (expected a name like example.com)");
        }

        return ascii.ToLowerInvariant();
    }

    /// <summary>Splits "local@domain", checking the local part is a plain dot-atom (RFC 5322 §3.2.3).</summary>
    public static (string LocalPart, string Domain) NormalizeAddress(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            throw new AccountArgumentException($"\"{address}\" is not an address of the form user@domain");
        }

        var local = address[..at].ToLowerInvariant();
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")
            || !local.All(IsAtext))
        {
            throw new AccountArgumentException(
                $"\"{address}\": the user part must be letters, digits and !#$%&'*+-/=?^_`{{|}}~.");
        }

        return (local, NormalizeDomain(address[(at + 1)..]));
    }

    private static bool IsAtext(char c) =>
        c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' || "!#$%&'*+-/=?^_`{|}~".Contains(c) || c > 127;
}
