using Paloma.Config;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>The file- and configuration-based maps of the SMTP policy: the access map, local-host-names,
/// relay-domains, aliases and virtusertable. A map with a file is re-read when the file changes
/// (<see cref="ReloadingMap{T}"/>); an inline-only map is fixed. Loading throws
/// <see cref="MapParseException"/> naming the file (or setting) and line, so <c>paloma check</c> and
/// <c>paloma run</c> report a bad map before any mail is accepted.</summary>
public sealed class PolicyMaps
{
    /// <summary>How often a lookup may stat(2) a map file to see whether it changed.</summary>
    private static readonly TimeSpan s_checkInterval = TimeSpan.FromSeconds(1);

    private PolicyMaps(
        IMapSource<AccessMap> access,
        IMapSource<DomainSet> localDomains,
        IMapSource<DomainSet> relayDomains,
        IMapSource<AliasTable> aliases,
        IMapSource<VirtualUserTable> virtualUsers)
    {
        Access = access;
        LocalDomains = localDomains;
        RelayDomains = relayDomains;
        Aliases = aliases;
        VirtualUsers = virtualUsers;
    }

    public IMapSource<AccessMap> Access { get; }

    /// <summary>[domains] local and local_file only; the account store's domains are added by
    /// <see cref="LocalDomainSource"/>.</summary>
    public IMapSource<DomainSet> LocalDomains { get; }

    public IMapSource<DomainSet> RelayDomains { get; }

    /// <summary>[aliases] file only; the database's aliases are added by <see cref="AliasSource"/>.</summary>
    public IMapSource<AliasTable> Aliases { get; }

    public IMapSource<VirtualUserTable> VirtualUsers { get; }

    /// <summary>Warnings for `paloma check`: access entries read but without effect.</summary>
    public IReadOnlyList<string> Warnings => Access.Current.Warnings;

    public static PolicyMaps Load(PalomaConfig config, TimeProvider? time = null)
    {
        var access = Source(config.Access.File,
            () => AccessMap.Load(config.Access.File, config.Access.Rules), time);
        var local = Source(config.Domains.LocalFile,
            () => DomainSet.Load(config.Domains.Local, config.Domains.LocalFile, "[domains] local"), time);
        var relay = Source(config.Domains.RelayFile,
            () => DomainSet.Load(config.Domains.Relay, config.Domains.RelayFile, "[domains] relay"), time);
        var aliases = config.Aliases.File is { } aliasFile
            ? Source(aliasFile, () => AliasTable.Load(aliasFile), time)
            : MapSource.Fixed(AliasTable.Empty);
        var virtualUsers = config.Aliases.VirtualFile is { } virtualFile
            ? Source(virtualFile, () => VirtualUserTable.Load(virtualFile), time)
            : MapSource.Fixed(VirtualUserTable.Empty);
        return new PolicyMaps(access, local, relay, aliases, virtualUsers);
    }

    private static IMapSource<T> Source<T>(string? path, Func<T> load, TimeProvider? time) where T : class =>
        path is null ? MapSource.Fixed(load()) : new ReloadingMap<T>(path, load, s_checkInterval, time);
}
