using Paloma.Accounts;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>Local domains: [domains] local ∪ local_file ∪ the account store's domains (Sendmail's class {w}).
/// </summary>
internal sealed class LocalDomainSource(IMapSource<DomainSet> configured, IAccountStore accounts)
    : DatabaseMapSource<DomainSet, IReadOnlyList<string>>(configured)
{
    public new IReadOnlyList<string> Rows => base.Rows ?? [];

    protected override Task<IReadOnlyList<string>> ReadRowsAsync(CancellationToken ct) =>
        accounts.ListDomainsAsync(ct);

    protected override Task<long> ReadChangeCounterAsync(CancellationToken ct) =>
        accounts.GetDomainsChangeCounterAsync(ct);

    protected override bool SameRows(IReadOnlyList<string> a, IReadOnlyList<string> b) => a.SequenceEqual(b);

    protected override DomainSet Combine(DomainSet configured, IReadOnlyList<string> rows) =>
        configured.Union(DomainSet.Create(rows, "account store"));
}
