using System.Globalization;

namespace Paloma.Import;

/// <summary>
/// Maps the calls of a sendmail.mc (<see cref="M4Parser"/>) to Paloma settings: limits, privacy flags,
/// daemon addresses, masquerading, AUTH mechanisms trusted for relaying, the smart host and the features that
/// name map files. Each call it cannot map adds one line to <see cref="Unmapped"/> saying why.
/// </summary>
public sealed class SendmailMcImporter(TomlDocument toml)
{
    /// <summary>Calls that only select Sendmail's build or its own mailers; Paloma needs nothing for them.
    /// </summary>
    private static readonly HashSet<string> s_noEquivalentNeeded = new(StringComparer.Ordinal)
    {
        "divert", "VERSIONID", "OSTYPE", "DOMAIN", "include", "undefine",
    };

    private static readonly Dictionary<string, (string Key, long Min)> s_limits = new(StringComparer.Ordinal)
    {
        ["confMAX_MESSAGE_SIZE"] = ("max_message_bytes", 1),
        ["confMAX_RCPTS_PER_MESSAGE"] = ("max_recipients_per_message", 1),
        ["confMAX_HEADERS_LENGTH"] = ("max_header_bytes", 1024),
        ["confMAX_DAEMON_CHILDREN"] = ("max_connections", 1),
        ["confCONNECTION_RATE_THROTTLE"] = ("connection_rate", 0),
    };

    public List<string> Unmapped { get; } = [];

    /// <summary>FEATURE(access_db) was given: the access file is used.</summary>
    public bool AccessDb { get; private set; }

    public bool VirtUserTable { get; private set; }

    public bool MailerTable { get; private set; }

    public void Import(IEnumerable<M4Call> calls)
    {
        foreach (var call in calls)
        {
            var source = $"sendmail.mc line {call.Line}: {call}";
            switch (call.Name)
            {
                case "define":
                    Define(call, source);
                    break;
                case "FEATURE":
                    Feature(call, source);
                    break;
                case "DAEMON_OPTIONS":
                    DaemonOptions(call, source);
                    break;
                case "MASQUERADE_AS":
                    toml.Set("masquerade", "as", call.Argument(0), source);
                    break;
                case "TRUST_AUTH_MECH":
                    toml.Set("auth", "relay_mechanisms", Words(call.Argument(0)), source);
                    break;
                case "MAILER":
                    if (call.Argument(0) is not ("local" or "smtp"))
                    {
                        Report(call, $"mailer {call.Argument(0)} has no Paloma equivalent; Paloma delivers to its "
                            + "own mailboxes and over SMTP only");
                    }

                    break;
                default:
                    if (!s_noEquivalentNeeded.Contains(call.Name))
                    {
                        Report(call, "not a setting Paloma knows how to map");
                    }

                    break;
            }
        }
    }

    private void Define(M4Call call, string source)
    {
        var name = call.Argument(0);
        var value = call.Argument(1).Trim();
        if (s_limits.TryGetValue(name, out var limit))
        {
            if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && number >= limit.Min)
            {
                toml.Set("limits", limit.Key, number, source);
            }
            else
            {
                Report(call, $"\"{value}\" is not a number Paloma accepts for [limits] {limit.Key}");
            }

            return;
        }

        switch (name)
        {
            case "confPRIVACY_FLAGS":
                PrivacyFlags(call, value, source);
                break;
            case "SMART_HOST":
                var host = value.Contains(':') ? value[(value.IndexOf(':') + 1)..] : value;
                toml.Set("relay", "smart_host", host.Trim('[', ']') + ":25", source);
                Report(call, "mapped to [relay] smart_host on port 25; note that Paloma always requires TLS "
                    + "toward a smart host and can authenticate with smart_host_auth_file");
                break;
            case "confDOMAIN_NAME":
                toml.Set("server", "hostname", value, source);
                break;
            case "confAUTH_MECHANISMS":
                Report(call, "this Paloma configuration has no [auth] mechanisms key: the offered mechanisms are "
                    + "Paloma's own; TRUST_AUTH_MECH is what decides relaying");
                break;
            case "confAUTH_OPTIONS":
                Report(call, "AUTH options have no key in this Paloma configuration; Paloma offers plain-text "
                    + "mechanisms only over TLS, as Sendmail's `p' option does");
                break;
            case "ALIAS_FILE":
                // The aliases file of the imported directory is used whatever path the .mc names.
                break;
            default:
                Report(call, "no Paloma setting corresponds");
                break;
        }
    }

    private void PrivacyFlags(M4Call call, string value, string source)
    {
        foreach (var flag in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            switch (flag)
            {
                case "goaway":
                    toml.Set("smtp", "vrfy", false, source);
                    toml.Set("smtp", "expn", false, source);
                    break;
                case "novrfy":
                    toml.Set("smtp", "vrfy", false, source);
                    break;
                case "noexpn":
                    toml.Set("smtp", "expn", false, source);
                    break;
                case "authwarnings":
                    // Paloma always adds X-Authentication-Warning where Sendmail would with this flag.
                    break;
                default:
                    Report(call, $"privacy flag {flag} has no Paloma equivalent");
                    break;
            }
        }
    }

    private void Feature(M4Call call, string source)
    {
        switch (call.Argument(0))
        {
            case "masquerade_envelope":
                toml.Set("masquerade", "envelope", true, source);
                break;
            case "masquerade_entire_domain":
                toml.Set("masquerade", "entire_domain", true, source);
                break;
            case "accept_unresolvable_domains":
                toml.Set("smtp", "accept_unresolvable_domains", true, source);
                break;
            case "access_db":
                AccessDb = true;
                break;
            case "virtusertable":
                VirtUserTable = true;
                break;
            case "mailertable":
                MailerTable = true;
                break;
            case "use_cw_file" or "use_ct_file" or "local_procmail" or "always_add_domain" or "redirect":
                // Paloma reads local-host-names whenever it exists and needs nothing for the others.
                break;
            default:
                Report(call, $"feature {call.Argument(0)} has no Paloma equivalent");
                break;
        }
    }

    /// <summary>DAEMON_OPTIONS(`Port=smtp,Addr=127.0.0.1, Name=MTA'): the MTA daemon becomes a [listen] smtp
    /// address. Paloma's configuration in this version has no submission listener key, so an MSA is reported.
    /// </summary>
    private void DaemonOptions(M4Call call, string source)
    {
        var options = call.Argument(0)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var port = options.GetValueOrDefault("Port", "smtp") switch
        {
            "smtp" => "25",
            "submission" => "587",
            "smtps" => "465",
            var other => other,
        };
        var address = options.GetValueOrDefault("Addr", "0.0.0.0");
        if (port != "25")
        {
            Report(call, $"a daemon on port {port} ({options.GetValueOrDefault("Name", "")}) is not an MTA on port "
                + "25; only the smtp listener is mapped");
            return;
        }

        var endpoint = address.Contains(':') ? $"[{address}]:{port}" : $"{address}:{port}";
        toml.Set("listen", "smtp", [endpoint], source);
    }

    private void Report(M4Call call, string why) => Unmapped.Add($"sendmail.mc line {call.Line}: {call}: {why}");

    private static IEnumerable<string> Words(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
