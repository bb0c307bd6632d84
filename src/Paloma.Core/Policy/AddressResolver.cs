namespace Paloma.Policy;

/// <summary>Expands a recipient into its final targets the way Sendmail does for local mail: an address at a
/// local domain goes through the virtusertable (exact address, then the domain's catch-all), and its local
/// part through the aliases; every target found is expanded again, until local users and remote addresses
/// remain. Aliases apply to every local domain, as Sendmail's aliases apply to all local delivery.</summary>
public sealed class AddressResolver
{
    private readonly IMapSource<DomainSet> _localDomains;
    private readonly IMapSource<AliasTable> _aliases;
    private readonly IMapSource<VirtualUserTable> _virtualUsers;
    private readonly int _maxDepth;
    private readonly int _maxTargets;

    /// <param name="maxDepth">How many expansions may nest; Sendmail's MaxAliasRecursion defaults to 10.</param>
    /// <param name="maxTargets">A bound on the targets of one recipient, so that a fan-out of nested lists
    /// cannot grow without limit.</param>
    public AddressResolver(
        IMapSource<DomainSet> localDomains,
        IMapSource<AliasTable> aliases,
        IMapSource<VirtualUserTable> virtualUsers,
        int maxDepth = 10,
        int maxTargets = 1000)
    {
        _localDomains = localDomains;
        _aliases = aliases;
        _virtualUsers = virtualUsers;
        _maxDepth = maxDepth;
        _maxTargets = maxTargets;
    }

    /// <summary>Resolves "local@domain" (the text between the angle brackets) or a bare local name.</summary>
    public ResolveResult Resolve(string recipient)
    {
        if (!EnvelopeAddress.TryParse(recipient, out var address, out var error) || address.IsNull)
        {
            return ResolveResult.Fail(
                PolicyDecision.Reject(501, "5.1.3", $"Bad recipient address syntax: {error ?? "empty path"}"));
        }

        var state = new Expansion(_localDomains.Current, _aliases.Current, _virtualUsers.Current);
        var failure = ExpandAddress(address, state);
        return failure is null ? new ResolveResult(state.Targets, null) : ResolveResult.Fail(failure);
    }

    private PolicyDecision? ExpandAddress(EnvelopeAddress address, Expansion state)
    {
        if (address.Domain is null)
        {
            return ExpandName(address.LocalPart, null, verbatim: false, state);
        }

        if (!state.Local.Contains(address.Domain))
        {
            return state.Add(new ResolvedTarget(address.LocalPart, address.Domain, IsLocal: false), _maxTargets);
        }

        var virtual_ = state.Virtual.Find(address.LocalPart, address.Domain);
        if (virtual_ is null)
        {
            return ExpandName(address.LocalPart, address.Domain, verbatim: false, state);
        }

        if (virtual_.Error is not null)
        {
            return virtual_.Error;
        }

        return Descend("virtusertable " + address.Address, state, () =>
            EnvelopeAddress.TryParse(virtual_.Target!, out var next, out _)
                ? ExpandAddress(next, state, address.Domain)
                : InvalidTarget(virtual_.Target!));
    }

    /// <summary>A target reached through the virtusertable or an alias: a bare name keeps the domain it was
    /// reached from, so "info@example.test" aliased to "bob" gives bob@example.test.</summary>
    private PolicyDecision? ExpandAddress(EnvelopeAddress address, Expansion state, string? contextDomain) =>
        address.Domain is null
            ? ExpandName(address.LocalPart, contextDomain, verbatim: false, state)
            : ExpandAddress(address, state);

    private PolicyDecision? ExpandName(string name, string? domain, bool verbatim, Expansion state)
    {
        var localUser = new ResolvedTarget(name.ToLowerInvariant(), domain, IsLocal: true);
        if (verbatim || !state.Aliases.TryGetTargets(name, out var targets))
        {
            return state.Add(localUser, _maxTargets);
        }

        // aliases(5) idiom "bob: bob, bob@elsewhere" keeps a local copy: an alias naming itself is the local user
        // (sendmail/alias.c marks it a self-reference), not a loop.
        var self = "alias " + name.ToLowerInvariant();
        return Descend(self, state, () =>
        {
            foreach (var target in targets)
            {
                var failure = target.IsVerbatim || target.Value.Equals(name, StringComparison.OrdinalIgnoreCase)
                    ? state.Add(new ResolvedTarget(target.Value.ToLowerInvariant(), domain, IsLocal: true), _maxTargets)
                    : EnvelopeAddress.TryParse(target.Value, out var next, out _)
                        ? ExpandAddress(next, state, domain)
                        : InvalidTarget(target.Value);
                if (failure is not null)
                {
                    return failure;
                }
            }

            return null;
        });
    }

    /// <summary>Runs one level of expansion with <paramref name="step"/> on the chain, refusing a loop (the step
    /// is already on the chain) and a chain longer than the depth limit. RFC 3463 X.4.6: routing loop.</summary>
    private PolicyDecision? Descend(string step, Expansion state, Func<PolicyDecision?> expand)
    {
        if (state.Chain.Contains(step, StringComparer.OrdinalIgnoreCase))
        {
            var chain = string.Join(" -> ", state.Chain.Append(step));
            return PolicyDecision.Reject(554, "5.4.6", "Aliasing loop detected", "loop: " + chain);
        }

        if (state.Chain.Count >= _maxDepth)
        {
            var chain = string.Join(" -> ", state.Chain.Append(step));
            return PolicyDecision.Reject(554, "5.4.6", "Aliases nested too deeply",
                $"deeper than {_maxDepth}: {chain}");
        }

        state.Chain.Add(step);
        var failure = expand();
        state.Chain.RemoveAt(state.Chain.Count - 1);
        return failure;
    }

    private static PolicyDecision InvalidTarget(string target) =>
        PolicyDecision.Reject(550, "5.1.3", "Invalid alias target", $"invalid target \"{target}\"");

    private sealed class Expansion(DomainSet local, AliasTable aliases, VirtualUserTable virtualUsers)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public DomainSet Local { get; } = local;

        public AliasTable Aliases { get; } = aliases;

        public VirtualUserTable Virtual { get; } = virtualUsers;

        public List<string> Chain { get; } = [];

        public List<ResolvedTarget> Targets { get; } = [];

        /// <summary>Adds a final target once. Local parts of local users ignore case; a remote local part is
        /// kept as given (RFC 5321 §2.4: only its own host may fold its case).</summary>
        public PolicyDecision? Add(ResolvedTarget target, int maxTargets)
        {
            if (_seen.Add(target.Address))
            {
                Targets.Add(target);
            }

            return Targets.Count > maxTargets
                ? PolicyDecision.Reject(550, "5.7.0", "Too many recipients after alias expansion",
                    $"more than {maxTargets} targets")
                : null;
        }
    }
}
