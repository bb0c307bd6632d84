namespace Paloma.Policy;

/// <summary>The outcome of resolving a recipient: the de-duplicated final targets, or the failure reply (a
/// virtusertable error: entry, a loop, too deep a nesting, an invalid address). For a loop the failure's
/// Reason names the chain, for the log; the reply text does not, so aliases are not disclosed to senders.
/// </summary>
public sealed record ResolveResult(IReadOnlyList<ResolvedTarget> Targets, PolicyDecision? Failure)
{
    public bool Succeeded => Failure is null;

    public static ResolveResult Fail(PolicyDecision failure) => new([], failure);
}
