using Paloma.Policy;
using Paloma.Storage;

namespace Paloma.Accounts;

/// <summary>Aliases in the shared SQLite database. Every call reads the database, so a running server sees
/// aliases that <c>paloma alias add</c> created after it started.</summary>
public sealed class SqliteAliasStore(SqliteDatabase database) : IAliasStore
{
    public async Task SetAsync(string name, IReadOnlyList<string> targets, CancellationToken ct = default)
    {
        var key = name.Trim().ToLowerInvariant();
        var line = key + ": " + string.Join(", ", targets.Select(t => t.Trim()));
        try
        {
            // The same checks as an /etc/aliases line: no programs, files or :include:, a valid name.
            AliasTable.Parse(line, "paloma alias add");
        }
        catch (MapParseException e)
        {
            throw new AccountException(e.Detail);
        }

        await database.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var c = database.OpenConnection();
            using var command = c.CreateCommand();
            command.CommandText = "INSERT INTO aliases (name, targets, created) VALUES ($n, $t, $c) "
                + "ON CONFLICT (name) DO UPDATE SET targets = excluded.targets";
            command.Parameters.AddWithValue("$n", key);
            command.Parameters.AddWithValue("$t", string.Join(", ", targets.Select(t => t.Trim())));
            command.Parameters.AddWithValue("$c", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            command.ExecuteNonQuery();
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public async Task RemoveAsync(string name, CancellationToken ct = default)
    {
        await database.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var c = database.OpenConnection();
            using var command = c.CreateCommand();
            command.CommandText = "DELETE FROM aliases WHERE name = $n";
            command.Parameters.AddWithValue("$n", name.Trim().ToLowerInvariant());
            if (command.ExecuteNonQuery() == 0)
            {
                throw new AccountException($"alias {name} does not exist");
            }
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    public Task<IReadOnlyList<(string Name, string Targets)>> ListAsync(CancellationToken ct = default)
    {
        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT name, targets FROM aliases ORDER BY name";
        using var reader = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (reader.Read())
        {
            list.Add((reader.GetString(0), reader.GetString(1)));
        }

        return Task.FromResult<IReadOnlyList<(string, string)>>(list);
    }

    public Task<long> GetChangeCounterAsync(CancellationToken ct = default) =>
        Task.FromResult(database.ReadChangeCounter("aliases"));
}
