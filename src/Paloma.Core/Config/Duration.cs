using System.Globalization;

namespace Paloma.Config;

/// <summary>Durations in the configuration: a number and a unit, "30s", "5m", "4h", "5d"; "0" means zero.</summary>
public static class Duration
{
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return TimeSpan.Zero;
        }

        if (trimmed.Length >= 2 && long.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None,
                CultureInfo.InvariantCulture, out var n) && n <= 100_000)
        {
            switch (trimmed[^1])
            {
                case 's':
                    return TimeSpan.FromSeconds(n);
                case 'm':
                    return TimeSpan.FromMinutes(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'd':
                    return TimeSpan.FromDays(n);
            }
        }

        throw new ConfigValueException($"\"{text}\" is not a duration such as \"30s\", \"5m\", \"4h\" or \"5d\"");
    }

    public static string Format(TimeSpan t) =>
        t == TimeSpan.Zero ? "0"
        : t.TotalSeconds % 86400 == 0 ? $"{(long)t.TotalDays}d"
        : t.TotalSeconds % 3600 == 0 ? $"{(long)t.TotalHours}h"
        : t.TotalSeconds % 60 == 0 ? $"{(long)t.TotalMinutes}m"
        : $"{(long)t.TotalSeconds}s";
}
