namespace Paloma.Sendmail;

/// <summary>
/// Exit statuses of <c>paloma sendmail</c>: sendmail's, from sysexits.h, because the programs that run it
/// (cron, PHP's mail(), mailx, scripts) were written against them. They differ from the other Paloma commands
/// (2 for a usage error): a sendmail usage error is 64.
/// </summary>
public static class SendmailExit
{
    public const int Ok = 0;

    /// <summary>EX_USAGE: bad command line, or no recipients.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the message is refused (too big, header too long, too many recipients).</summary>
    public const int DataError = 65;

    /// <summary>EX_NOUSER: a recipient cannot be delivered to.</summary>
    public const int NoUser = 67;

    /// <summary>EX_SOFTWARE: an internal error.</summary>
    public const int Software = 70;

    /// <summary>EX_TEMPFAIL: try again later (the data directory could not be written, say).</summary>
    public const int TempFail = 75;

    /// <summary>EX_CONFIG: the configuration or a map is broken.</summary>
    public const int Config = 78;
}
