namespace Paloma.Policy;

/// <summary>A final delivery target. A local target is a user at one of our domains (Domain is null when a bare
/// name was resolved with no domain to go with it); a remote target is an address to relay to.</summary>
public sealed record ResolvedTarget(string LocalPart, string? Domain, bool IsLocal)
{
    public string Address => Domain is null ? LocalPart : LocalPart + "@" + Domain;

    public override string ToString() => Address;
}
