namespace Paloma.Sendmail;

/// <summary>What a sendmail(8) command line asks for. <see cref="SendmailArguments.Parse"/> builds it.</summary>
public sealed class SendmailOptions
{
    public SendmailMode Mode { get; set; } = SendmailMode.Deliver;

    /// <summary>-t: recipients come from the To:, Cc: and Bcc: fields.</summary>
    public bool RecipientsFromHeaders { get; set; }

    /// <summary>-i or -oi: a line holding a lone "." does not end the message; only the end of input does.</summary>
    public bool IgnoreDots { get; set; }

    /// <summary>-f or -r: the envelope sender, or null for the invoking user.</summary>
    public string? Sender { get; set; }

    /// <summary>-F: the full name put in a generated From: field.</summary>
    public string? FullName { get; set; }

    /// <summary>-v: report each step on stderr.</summary>
    public bool Verbose { get; set; }

    /// <summary>-C FILE or --config FILE: the Paloma configuration file (sendmail's -C names its .cf).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Recipient addresses from the command line.</summary>
    public List<string> Recipients { get; } = [];

    /// <summary>Accepted options that change nothing in Paloma, one line each for stderr.</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>The -b modes Paloma implements; the program names mailq and newaliases select them too.</summary>
public enum SendmailMode
{
    /// <summary>-bm, the default: read a message from stdin and deliver it.</summary>
    Deliver,

    /// <summary>-bs: one SMTP session on stdin and stdout.</summary>
    Smtp,

    /// <summary>-bp or mailq: list the queue.</summary>
    PrintQueue,

    /// <summary>-q: make every queued message due now.</summary>
    RunQueue,

    /// <summary>-bv: verify the recipients without sending anything.</summary>
    Verify,

    /// <summary>-bi or newaliases: check the aliases.</summary>
    InitAliases,

    /// <summary>--help.</summary>
    Help,
}

/// <summary>A command line sendmail would refuse; the caller exits with EX_USAGE (64).</summary>
public sealed class SendmailUsageException(string message) : Exception(message);
