using System.Globalization;

namespace Paloma.Imap.Protocol;

/// <summary>The date and date-time forms of RFC 3501 §9 (INTERNALDATE, APPEND, SEARCH BEFORE/ON/SINCE).</summary>
public static class ImapDateTime
{
    private static readonly string[] s_months =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE, inner text
    /// only: " 5-Jan-2024 10:00:00 +0000" or "05-Jan-2024 10:00:00 +0000".</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length != 26 || text[11] != ' ' || text[20] != ' ')
        {
            return false;
        }

        var dayText = text[..2];
        if (dayText[0] == ' ')
        {
            dayText = "0" + dayText[1];
        }

        if (!TryParseDate(dayText + text[2..11], out var date) || !TryParseTime(text[12..20], out var time)
            || !TryParseZone(text[21..], out var zone))
        {
            return false;
        }

        value = new DateTimeOffset(date.Add(time), zone);
        return true;
    }

    /// <summary>date-text = date-day "-" date-month "-" date-year, with a 1- or 2-digit day.</summary>
    public static bool TryParseDate(string text, out DateTime value)
    {
        value = default;
        var parts = text.Split('-');
        if (parts.Length != 3 || parts[0].Length is < 1 or > 2 || parts[2].Length != 4
            || !parts[0].All(char.IsAsciiDigit) || !parts[2].All(char.IsAsciiDigit))
        {
            return false;
        }

        var month = Array.FindIndex(s_months, m => m.Equals(parts[1], StringComparison.OrdinalIgnoreCase)) + 1;
        var day = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var year = int.Parse(parts[2], CultureInfo.InvariantCulture);
        if (month == 0 || year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    private static bool TryParseTime(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length != 8 || text[2] != ':' || text[5] != ':')
        {
            return false;
        }

        if (!int.TryParse(text[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text[3..5], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(text[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            || h > 23 || m > 59 || s > 60)
        {
            return false;
        }

        value = new TimeSpan(h, m, Math.Min(s, 59));
        return true;
    }

    private static bool TryParseZone(string text, out TimeSpan value)
    {
        value = default;
        if (text.Length != 5 || text[0] is not ('+' or '-') || !text[1..].All(char.IsAsciiDigit))
        {
            return false;
        }

        var hours = int.Parse(text[1..3], CultureInfo.InvariantCulture);
        var minutes = int.Parse(text[3..], CultureInfo.InvariantCulture);
        if (hours > 14 || minutes > 59)
        {
            return false;
        }

        value = new TimeSpan(hours, minutes, 0) * (text[0] == '-' ? -1 : 1);
        return true;
    }

    /// <summary>Formats INTERNALDATE as RFC 3501 §9 date-time: "05-Jan-2024 10:00:00 +0000".</summary>
    public static string Format(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        offset = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture,
            $"{value.Day:00}-{s_months[value.Month - 1]}-{value.Year:0000} {value:HH:mm:ss} {sign}{offset:hhmm}");
    }
}
