namespace Paloma.Accounts;

/// <summary>Aliases managed with <c>paloma alias add|del|list</c>, in the /etc/aliases sense: a local name and
/// its targets (local names or addresses), valid for every local domain.</summary>
public interface IAliasStore
{
    /// <summary>Adds or replaces an alias.</summary>
    /// <exception cref="AccountException">An invalid name, or a program, file or :include: target.</exception>
    Task SetAsync(string name, IReadOnlyList<string> targets, CancellationToken ct = default);

    /// <exception cref="AccountException">No such alias.</exception>
    Task RemoveAsync(string name, CancellationToken ct = default);

    /// <summary>Every alias, ordered by name, with its targets as one aliases(5) right-hand side.</summary>
    Task<IReadOnlyList<(string Name, string Targets)>> ListAsync(CancellationToken ct = default);

    /// <summary>A number that changes whenever an alias is added, changed or removed, by any process: readers
    /// that keep a copy of <see cref="ListAsync"/> read the list again only when it moved.</summary>
    Task<long> GetChangeCounterAsync(CancellationToken ct = default);
}
