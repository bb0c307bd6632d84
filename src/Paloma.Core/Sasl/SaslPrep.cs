using System.Buffers;
using System.Globalization;
using System.Text;

namespace Paloma.Sasl;

/// <summary>
/// SASLprep (RFC 4013): the stringprep profile applied to user names and passwords so that equivalent Unicode
/// spellings compare equal.
/// </summary>
public static class SaslPrep
{
    /// <summary>
    /// Whether this process can apply NFKC. With InvariantGlobalization (set in Directory.Build.props) .NET has
    /// no ICU and string.Normalize leaves non-ASCII text unchanged, so compatibility forms such as U+2168 are not
    /// folded; mapping and prohibition still apply.
    /// </summary>
    // TODO: NFKC is skipped under InvariantGlobalization, so a client typing a compatibility variant of a
    // non-ASCII password is refused; fix by shipping ICU (InvariantGlobalization=false) or an NFKC table.
    public static bool IsNormalizationAvailable { get; } =
        "\u00AA".Normalize(NormalizationForm.FormKC) == "a";

    /// <summary>Prepares a string; throws <see cref="FormatException"/> if it contains a prohibited character.
    /// </summary>
    /// <param name="input">The user name or password.</param>
    /// <param name="storedString">RFC 3454 §7: true for strings being stored (passwords being set), which also
    /// rejects unassigned code points; false for queries (what a client sends).</param>
    public static string Prepare(string input, bool storedString = false) =>
        TryPrepare(input, storedString, out var result)
            ? result
            : throw new FormatException("the string contains characters SASLprep (RFC 4013) prohibits");

    /// <inheritdoc cref="Prepare"/>
    public static bool TryPrepare(string input, bool storedString, out string result)
    {
        result = string.Empty;
        if (!TryMap(input, out var mapped))
        {
            return false;
        }

        // RFC 4013 §2.2: Unicode normalization form KC.
        string normalized;
        try
        {
            normalized = mapped.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!IsAllowed(normalized, storedString) || !PassesBidiRule(normalized))
        {
            return false;
        }

        result = normalized;
        return true;
    }

    // RFC 4013 §2.1: non-ASCII spaces (RFC 3454 C.1.2) become SPACE; "commonly mapped to nothing" (B.1) go.
    private static bool TryMap(string input, out string mapped)
    {
        mapped = input;
        var builder = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length;)
        {
            if (Rune.DecodeFromUtf16(input.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
            {
                // RFC 3454 C.5: a lone surrogate is prohibited.
                return false;
            }

            i += used;
            if (IsMappedToNothing(rune.Value))
            {
                continue;
            }

            builder.Append(IsNonAsciiSpace(rune.Value) ? " " : rune.ToString());
        }

        mapped = builder.ToString();
        return true;
    }

    private static bool IsAllowed(string s, bool storedString)
    {
        foreach (var rune in s.EnumerateRunes())
        {
            var c = rune.Value;
            if (IsNonAsciiSpace(c) || IsProhibited(c))
            {
                return false;
            }

            // RFC 4013 §2.5 / RFC 3454 §7: unassigned code points are only prohibited in stored strings. .NET's
            // Unicode is newer than 3.2, so this admits some characters 3.2 lacked; it rejects none 3.2 had.
            if (storedString && Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherNotAssigned)
            {
                return false;
            }
        }

        return true;
    }

    // RFC 4013 §2.3: C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9.
    private static bool IsProhibited(int c) =>
        c < 0x20 || c == 0x7F
        || (c >= 0x80 && c <= 0x9F)
        || c is 0x06DD or 0x070F or 0x180E or 0x200C or 0x200D or 0x2028 or 0x2029 or 0xFEFF
        || (c >= 0x2060 && c <= 0x2063) || (c >= 0x206A && c <= 0x206F)
        || (c >= 0xFFF9 && c <= 0xFFFD) || (c >= 0x1D173 && c <= 0x1D17A)
        || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) || (c >= 0x100000 && c <= 0x10FFFD)
        || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE
        || (c >= 0xD800 && c <= 0xDFFF)
        || (c >= 0x2FF0 && c <= 0x2FFB)
        || c is 0x0340 or 0x0341 or 0x200E or 0x200F || (c >= 0x202A && c <= 0x202E)
        || c == 0xE0001 || (c >= 0xE0020 && c <= 0xE007F);

    private static bool IsNonAsciiSpace(int c) =>
        c is 0x00A0 or 0x1680 or 0x202F or 0x205F or 0x3000 || (c >= 0x2000 && c <= 0x200B);

    // RFC 3454 B.1.
    private static bool IsMappedToNothing(int c) =>
        c is 0x00AD or 0x034F or 0x1806 or 0x2060 or 0xFEFF || (c >= 0x180B && c <= 0x180D)
        || (c >= 0x200B && c <= 0x200D) || (c >= 0xFE00 && c <= 0xFE0F);

    // RFC 3454 §6: a string with any RandALCat character has no LCat character and begins and ends with
    // RandALCat.
    private static bool PassesBidiRule(string s)
    {
        var runes = s.EnumerateRunes().Select(r => r.Value).ToArray();
        if (!runes.Any(IsRandAL))
        {
            return true;
        }

        return !runes.Any(IsLeftToRight) && IsRandAL(runes[0]) && IsRandAL(runes[^1]);
    }

    // RFC 3454 D.1, in full.
    private static bool IsRandAL(int c) =>
        c is 0x05BE or 0x05C0 or 0x05C3 or 0x061B or 0x061F or 0x06DD or 0x0710 or 0x07B1 or 0x200F
            or 0xFB1D or 0xFB3E
        || (c >= 0x05D0 && c <= 0x05EA) || (c >= 0x05F0 && c <= 0x05F4) || (c >= 0x0621 && c <= 0x063A)
        || (c >= 0x0640 && c <= 0x064A) || (c >= 0x066D && c <= 0x066F) || (c >= 0x0671 && c <= 0x06D5)
        || (c >= 0x06E5 && c <= 0x06E6) || (c >= 0x06FA && c <= 0x06FE) || (c >= 0x0700 && c <= 0x070D)
        || (c >= 0x0712 && c <= 0x072C) || (c >= 0x0780 && c <= 0x07A5) || (c >= 0xFB1F && c <= 0xFB28)
        || (c >= 0xFB2A && c <= 0xFB36) || (c >= 0xFB38 && c <= 0xFB3C) || (c >= 0xFB40 && c <= 0xFB41)
        || (c >= 0xFB43 && c <= 0xFB44) || (c >= 0xFB46 && c <= 0xFBB1) || (c >= 0xFBD3 && c <= 0xFD3D)
        || (c >= 0xFD50 && c <= 0xFD8F) || (c >= 0xFD92 && c <= 0xFDC7) || (c >= 0xFDF0 && c <= 0xFDFC)
        || (c >= 0xFE70 && c <= 0xFE74) || (c >= 0xFE76 && c <= 0xFEFC);

    // SPEC(RFC 3454 D.2): the LCat table is thousands of ranges; letters and spacing marks that are not
    // RandALCat stand in for it, which covers every script a user name is realistically written in.
    private static bool IsLeftToRight(int c)
    {
        if (IsRandAL(c))
        {
            return false;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.SpacingCombiningMark;
    }
}
