using Paloma.Policy;

namespace Paloma.Import;

/// <summary>Sendmail's mailertable ("domain mailer:host") becomes [transport] routes ("domain=host:port").
/// Only SMTP mailers map; local: and error: entries are reported.</summary>
internal static class MailertableConverter
{
    private static readonly HashSet<string> s_smtpMailers = new(StringComparer.OrdinalIgnoreCase)
    {
        "smtp", "esmtp", "smtp8", "dsmtp", "relay",
    };

    public static void Convert(string text, TomlDocument toml, List<string> unmapped)
    {
        var routes = new List<string>();
        foreach (var line in MapLines.Split(text, "mailertable"))
        {
            var (key, value) = MapLines.SplitKeyValue(line.Text);
            var colon = value.IndexOf(':');
            var mailer = colon < 0 ? value : value[..colon];
            var host = colon < 0 ? "" : value[(colon + 1)..].Trim();
            if (!s_smtpMailers.Contains(mailer) || host.Length == 0)
            {
                unmapped.Add($"mailertable line {line.Number}: {line.Text}: only SMTP mailers with a host map to "
                    + "[transport] routes");
                continue;
            }

            if (!host.StartsWith('['))
            {
                // Without brackets Sendmail looks up the host's MX records; a Paloma route connects to the host.
                unmapped.Add($"mailertable line {line.Number}: {line.Text}: mapped to a direct route to {host} "
                    + "(Paloma does not look up the MX records of a route's host)");
            }

            routes.Add($"{key}={host.Trim('[', ']')}:25");
        }

        if (routes.Count > 0)
        {
            toml.Set("transport", "routes", routes, "mailertable");
        }
    }
}
