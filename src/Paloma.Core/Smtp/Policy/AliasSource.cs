using Paloma.Accounts;
using Paloma.Policy;

namespace Paloma.Smtp.Policy;

/// <summary>Aliases: the [aliases] file, overridden by the aliases of <c>paloma alias add</c>.</summary>
internal sealed class AliasSource(IMapSource<AliasTable> configured, IAliasStore? store)
    : DatabaseMapSource<AliasTable, IReadOnlyList<(string Name, string Targets)>>(configured)
{
    protected override async Task<IReadOnlyList<(string Name, string Targets)>> ReadRowsAsync(CancellationToken ct) =>
        store is null ? [] : await store.ListAsync(ct).ConfigureAwait(false);

    protected override async Task<long> ReadChangeCounterAsync(CancellationToken ct) =>
        store is null ? 0 : await store.GetChangeCounterAsync(ct).ConfigureAwait(false);

    protected override bool SameRows(IReadOnlyList<(string Name, string Targets)> a,
        IReadOnlyList<(string Name, string Targets)> b) => a.SequenceEqual(b);

    protected override AliasTable Combine(AliasTable configured, IReadOnlyList<(string Name, string Targets)> rows) =>
        rows.Count == 0
            ? configured
            : configured.Union(AliasTable.Parse(string.Join('\n', rows.Select(r => $"{r.Name}: {r.Targets}")),
                "alias database"));
}
