namespace Paloma.Sendmail;

/// <summary>
/// Parses sendmail(8)'s command line the way its getopt(3) string does: single-letter options that may be
/// grouped ("-ti"), and options taking a value either attached ("-fuser") or as the next argument ("-f user").
/// The first argument that is not an option starts the recipients. Options that only tune Sendmail's own
/// engine (-o, -O, -B, -N, -R, -V, ...) are accepted and reported as ignored, so that existing scripts keep
/// working; anything else is a usage error.
/// </summary>
public static class SendmailArguments
{
    /// <summary>Options whose value Paloma uses or reports; every other letter takes none.</summary>
    private const string WithValue = "bCfFroOBhLNpRVXe";

    /// <summary>Flags with no effect in Paloma (-m "me too", -n no aliasing, -s, -G, -U, -c, -x).</summary>
    private const string IgnoredFlags = "mnsGUcx";

    public static SendmailOptions Parse(IReadOnlyList<string> args, string invokedAs)
    {
        var options = new SendmailOptions
        {
            Mode = invokedAs switch
            {
                "mailq" => SendmailMode.PrintQueue,
                "newaliases" => SendmailMode.InitAliases,
                _ => SendmailMode.Deliver,
            },
        };
        var index = 0;
        for (; index < args.Count; index++)
        {
            var arg = args[index];
            if (arg == "--")
            {
                index++;
                break;
            }

            if (arg == "--help")
            {
                options.Mode = SendmailMode.Help;
                continue;
            }

            if (arg == "--config")
            {
                options.ConfigFile = Next(args, ref index, "--config");
                continue;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                break;
            }

            ParseGroup(args, ref index, options);
        }

        for (; index < args.Count; index++)
        {
            options.Recipients.Add(args[index]);
        }

        return options;
    }

    private static void ParseGroup(IReadOnlyList<string> args, ref int index, SendmailOptions options)
    {
        var arg = args[index];
        for (var i = 1; i < arg.Length; i++)
        {
            var letter = arg[i];
            if (letter == 'q')
            {
                // -q[time]: the interval form starts Sendmail's queue daemon; Paloma's server runs the queue.
                options.Mode = SendmailMode.RunQueue;
                if (i + 1 < arg.Length)
                {
                    options.Notes.Add($"-q{arg[(i + 1)..]}: the interval is ignored; the running Paloma server "
                        + "works the queue by itself ([queue] scan_interval)");
                }

                return;
            }

            if (WithValue.Contains(letter))
            {
                var value = i + 1 < arg.Length ? arg[(i + 1)..] : Next(args, ref index, "-" + letter);
                Apply(letter, value, options);
                return;
            }

            switch (letter)
            {
                case 't':
                    options.RecipientsFromHeaders = true;
                    break;
                case 'i':
                    options.IgnoreDots = true;
                    break;
                case 'v':
                    options.Verbose = true;
                    break;
                case 'I':
                    options.Mode = SendmailMode.InitAliases;
                    break;
                default:
                    if (!IgnoredFlags.Contains(letter))
                    {
                        throw new SendmailUsageException($"illegal option -- {letter}");
                    }

                    options.Notes.Add($"-{letter} ignored: it has no meaning for Paloma");
                    break;
            }
        }
    }

    private static void Apply(char letter, string value, SendmailOptions options)
    {
        switch (letter)
        {
            case 'b':
                options.Mode = value switch
                {
                    "m" => SendmailMode.Deliver,
                    "s" => SendmailMode.Smtp,
                    "p" => SendmailMode.PrintQueue,
                    "v" => SendmailMode.Verify,
                    "i" => SendmailMode.InitAliases,
                    "d" or "D" => throw new SendmailUsageException(
                        $"-b{value}: run the server with 'paloma run' or 'paloma start' instead"),
                    _ => throw new SendmailUsageException($"-b{value}: mode not supported by Paloma"),
                };
                break;
            case 'C':
                options.ConfigFile = value;
                break;
            case 'f' or 'r':
                options.Sender = value.Trim().TrimStart('<').TrimEnd('>');
                break;
            case 'F':
                options.FullName = value;
                break;
            case 'o':
                if (value == "i")
                {
                    options.IgnoreDots = true;
                }
                else
                {
                    options.Notes.Add($"-o{value} ignored: Paloma takes its settings from paloma.toml");
                }

                break;
            default:
                options.Notes.Add($"-{letter} {value} ignored: Paloma takes its settings from paloma.toml");
                break;
        }
    }

    private static string Next(IReadOnlyList<string> args, ref int index, string option)
    {
        if (index + 1 >= args.Count)
        {
            throw new SendmailUsageException($"option requires an argument -- {option.TrimStart('-')}");
        }

        index++;
        return args[index];
    }
}
