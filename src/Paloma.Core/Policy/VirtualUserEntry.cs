namespace Paloma.Policy;

/// <summary>A virtusertable entry: the key as written ("user@domain" or "@domain"), and either a target
/// (an address or local name, possibly with %1) or an error reply.</summary>
public sealed record VirtualUserEntry(string Key, string? Target, PolicyDecision? Error, string Source, int Line)
{
    public string Describe() => $"{Source}:{Line} {Key}";
}
