namespace Paloma.Pop3.Protocol;

/// <summary>One parsed command line.</summary>
/// <param name="Text">The name for USER, the password for PASS; otherwise null.</param>
/// <param name="MessageNumber">The message-number argument (RETR, DELE, TOP, and LIST/UIDL when given).</param>
/// <param name="LineCount">TOP's number of body lines; 0 for every other command.</param>
public sealed record Pop3Command(Pop3Verb Verb, string? Text = null, int? MessageNumber = null, int LineCount = 0)
{
    /// <summary>Shown in logs instead of the command; PASS never shows its argument.</summary>
    public override string ToString() => Verb switch
    {
        Pop3Verb.Pass => "PASS ***",
        Pop3Verb.Auth => "AUTH",
        _ => Verb.ToString().ToUpperInvariant(),
    };
}
