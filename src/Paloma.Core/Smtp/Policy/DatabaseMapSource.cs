using Paloma.Policy;
using Paloma.Storage;

namespace Paloma.Smtp.Policy;

/// <summary>A map made of a configured part (files and inline settings) and a part kept in the database
/// (<c>paloma domain add</c>, <c>paloma alias add</c>). The policy classes read maps synchronously, so the
/// database part is checked by <see cref="RefreshAsync"/> before each decision (one row, its change counter), read
/// again only when that moved, and the union rebuilt only when either part changed.</summary>
internal abstract class DatabaseMapSource<TMap, TRows> : IMapSource<TMap> where TMap : class
{
    private readonly IMapSource<TMap> _configured;
    private readonly Lock _lock = new();
    private TMap? _configuredUsed;
    private TRows? _rowsUsed;
    private long _counterUsed = -1;
    private volatile TMap _current;

    protected DatabaseMapSource(IMapSource<TMap> configured)
    {
        _configured = configured;
        _current = configured.Current;
    }

    public TMap Current => _current;

    /// <summary>The database part as last read, or default before the first refresh.</summary>
    public TRows? Rows => _rowsUsed;

    public async Task RefreshAsync(CancellationToken ct)
    {
        // The change counter first: rows read after it are at least as new, so a change in between is read
        // again at the next refresh, never missed.
        var counter = await ReadChangeCounterAsync(ct).ConfigureAwait(false);
        var configured = _configured.Current;
        lock (_lock)
        {
            if (counter == _counterUsed && ReferenceEquals(configured, _configuredUsed) && _rowsUsed is not null)
            {
                return;
            }
        }

        var rows = await ReadRowsAsync(ct).ConfigureAwait(false);
        lock (_lock)
        {
            if (counter < _counterUsed)
            {
                // A refresh that started later has already put newer rows in place; these would go back.
                return;
            }

            _counterUsed = counter;
            if (ReferenceEquals(configured, _configuredUsed) && _rowsUsed is not null && SameRows(rows, _rowsUsed))
            {
                return;
            }

            _current = Combine(configured, rows);
            _configuredUsed = configured;
            _rowsUsed = rows;
        }
    }

    /// <summary>The database part's change counter (<see cref="SqliteDatabase.ReadChangeCounter"/>).</summary>
    protected abstract Task<long> ReadChangeCounterAsync(CancellationToken ct);

    protected abstract Task<TRows> ReadRowsAsync(CancellationToken ct);

    protected abstract bool SameRows(TRows a, TRows b);

    protected abstract TMap Combine(TMap configured, TRows rows);
}
