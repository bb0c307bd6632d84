using Microsoft.Data.Sqlite;
using Paloma.Storage;

namespace Paloma.Accounts;

/// <summary>Domains and users in the shared SQLite database. Every call reads the database, so a running
/// server sees accounts that <c>paloma user add</c> created after it started.</summary>
public sealed partial class SqliteAccountStore(SqliteDatabase database, IMailStore mailStore) : IAccountStore
{
    /// <summary>Which SASL secrets to derive when a password is set; see <see cref="SaslDerivationOptions"/>.
    /// </summary>
    public SaslDerivationOptions Derivation { get; init; } = new();

    public async Task AddDomainAsync(string domain, CancellationToken ct = default)
    {
        var name = AddressSyntax.NormalizeDomain(domain);
        await WriteAsync(c =>
        {
            if (Exists(c, "SELECT 1 FROM domains WHERE name = $n", name))
            {
                throw new AccountException($"domain {name} already exists");
            }

            Execute(c, "INSERT INTO domains (name, created) VALUES ($n, $t)", ("$n", name), ("$t", Now()));
        }, ct).ConfigureAwait(false);
    }

    public async Task RemoveDomainAsync(string domain, CancellationToken ct = default)
    {
        var name = AddressSyntax.NormalizeDomain(domain);
        await WriteAsync(c =>
        {
            if (!Exists(c, "SELECT 1 FROM domains WHERE name = $n", name))
            {
                throw new AccountException($"domain {name} does not exist");
            }

            if (Exists(c, "SELECT 1 FROM users WHERE domain = $n", name))
            {
                throw new AccountException(
                    $"domain {name} still has users; delete them first (paloma user list {name})");
            }

            Execute(c, "DELETE FROM domains WHERE name = $n", ("$n", name));
        }, ct).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> ListDomainsAsync(CancellationToken ct = default)
    {
        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT name FROM domains ORDER BY name";
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
        {
            list.Add(reader.GetString(0));
        }

        return Task.FromResult<IReadOnlyList<string>>(list);
    }

    public Task<long> GetDomainsChangeCounterAsync(CancellationToken ct = default) =>
        Task.FromResult(database.ReadChangeCounter("domains"));

    public Task<bool> IsLocalDomainAsync(string domain, CancellationToken ct = default)
    {
        string name;
        try
        {
            name = AddressSyntax.NormalizeDomain(domain);
        }
        catch (AccountException)
        {
            return Task.FromResult(false);
        }

        using var c = database.OpenConnection();
        return Task.FromResult(Exists(c, "SELECT 1 FROM domains WHERE name = $n", name));
    }

    public async Task<Account> AddUserAsync(string address, string password, CancellationToken ct = default)
    {
        var (local, domain) = AddressSyntax.NormalizeAddress(address);
        var normalized = local + "@" + domain;
        var prepared = PreparePassword(password);
        var hash = PasswordHasher.Hash(prepared);
        var sasl = Derivation.Derive(normalized, prepared);
        long id = 0;
        await WriteAsync(c =>
        {
            if (!Exists(c, "SELECT 1 FROM domains WHERE name = $n", domain))
            {
                throw new AccountException($"{domain} is not a local domain; add it first: paloma domain add {domain}");
            }

            if (Exists(c, "SELECT 1 FROM users WHERE address = $n", normalized))
            {
                throw new AccountException($"user {normalized} already exists");
            }

            using var insert = c.CreateCommand();
            insert.CommandText = "INSERT INTO users (address, domain, password_hash, sasl_credentials, created) "
                + "VALUES ($a, $d, $h, $s, $t) RETURNING id";
            insert.Parameters.AddWithValue("$s", sasl);
            insert.Parameters.AddWithValue("$a", normalized);
            insert.Parameters.AddWithValue("$d", domain);
            insert.Parameters.AddWithValue("$h", hash);
            insert.Parameters.AddWithValue("$t", Now());
            id = Convert.ToInt64(insert.ExecuteScalar());
        }, ct).ConfigureAwait(false);

        await mailStore.EnsureDefaultMailboxesAsync(id, ct).ConfigureAwait(false);
        return (await FindUserAsync(normalized, ct).ConfigureAwait(false))!;
    }

    public async Task SetPasswordAsync(string address, string password, CancellationToken ct = default)
    {
        var normalized = Normalize(address);
        var prepared = PreparePassword(password);
        var hash = PasswordHasher.Hash(prepared);
        var sasl = Derivation.Derive(normalized, prepared);
        await WriteAsync(c =>
        {
            using var update = c.CreateCommand();
            update.CommandText = "UPDATE users SET password_hash = $h, sasl_credentials = $s WHERE address = $a";
            update.Parameters.AddWithValue("$h", hash);
            update.Parameters.AddWithValue("$s", sasl);
            update.Parameters.AddWithValue("$a", normalized);
            if (update.ExecuteNonQuery() == 0)
            {
                throw new AccountException($"user {normalized} does not exist");
            }
        }, ct).ConfigureAwait(false);
    }

    public async Task RemoveUserAsync(string address, CancellationToken ct = default)
    {
        var normalized = Normalize(address);
        var user = await FindUserAsync(normalized, ct).ConfigureAwait(false)
            ?? throw new AccountException($"user {normalized} does not exist");
        foreach (var mailbox in await mailStore.ListMailboxesAsync(user.Id, ct).ConfigureAwait(false))
        {
            if (mailbox.Name != "INBOX")
            {
                await mailStore.DeleteMailboxAsync(user.Id, mailbox.Name, ct).ConfigureAwait(false);
            }
            else
            {
                await mailStore.ExpungeAsync(mailbox.Id, null, onlyDeleted: false, ct).ConfigureAwait(false);
            }
        }

        await WriteAsync(c =>
        {
            Execute(c, "DELETE FROM subscriptions WHERE user_id = $u", ("$u", user.Id));
            Execute(c, "DELETE FROM mailboxes WHERE user_id = $u", ("$u", user.Id));
            Execute(c, "DELETE FROM user_usage WHERE user_id = $u", ("$u", user.Id));
            Execute(c, "DELETE FROM users WHERE id = $u", ("$u", user.Id));
        }, ct).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<Account>> ListUsersAsync(string? domain = null, CancellationToken ct = default)
    {
        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, address, created FROM users "
            + (domain is null ? "" : "WHERE domain = $d ") + "ORDER BY address";
        if (domain is not null)
        {
            var name = AddressSyntax.NormalizeDomain(domain);
            if (!Exists(c, "SELECT 1 FROM domains WHERE name = $n", name))
            {
                throw new AccountException($"domain {name} does not exist");
            }

            command.Parameters.AddWithValue("$d", name);
        }

        return Task.FromResult<IReadOnlyList<Account>>(ReadAccounts(command));
    }

    public Task<Account?> FindUserAsync(string address, CancellationToken ct = default)
    {
        string normalized;
        try
        {
            normalized = Normalize(address);
        }
        catch (AccountException)
        {
            return Task.FromResult<Account?>(null);
        }

        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, address, created FROM users WHERE address = $a";
        command.Parameters.AddWithValue("$a", normalized);
        return Task.FromResult(ReadAccounts(command).FirstOrDefault());
    }

    public Task<Account?> AuthenticateAsync(string address, string password, CancellationToken ct = default)
    {
        string normalized;
        try
        {
            normalized = Normalize(address);
        }
        catch (AccountException)
        {
            return Task.FromResult<Account?>(null);
        }

        // The stored hash is of the SASLprep-prepared password (RFC 4013), so LOGIN, USER/PASS and PLAIN agree.
        if (!Sasl.SaslPrep.TryPrepare(password, storedString: false, out var prepared))
        {
            return Task.FromResult<Account?>(null);
        }

        password = prepared;

        using var c = database.OpenConnection();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, address, created, password_hash FROM users WHERE address = $a";
        command.Parameters.AddWithValue("$a", normalized);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            // Spend the same time as a real check, so response time does not reveal which users exist.
            PasswordHasher.Verify(password, s_dummyHash);
            return Task.FromResult<Account?>(null);
        }

        var account = new Account(reader.GetInt64(0), reader.GetString(1),
            DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)));
        return Task.FromResult(PasswordHasher.Verify(password, reader.GetString(3)) ? account : null);
    }

    private static readonly string s_dummyHash = PasswordHasher.Hash("not a real password");

    private static string Normalize(string address)
    {
        var (local, domain) = AddressSyntax.NormalizeAddress(address);
        return local + "@" + domain;
    }

    /// <summary>The password as stored: SASLprep with the stored-string rules (RFC 4013 §2, RFC 3454 §7).
    /// </summary>
    private static string PreparePassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new AccountException("the password must not be empty");
        }

        try
        {
            var prepared = Sasl.SaslPrep.Prepare(password, storedString: true);
            return prepared.Length == 0 ? throw new AccountException("the password must not be empty") : prepared;
        }
        catch (FormatException e)
        {
            throw new AccountException($"the password is not usable: {e.Message}");
        }
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static List<Account> ReadAccounts(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var list = new List<Account>();
        while (reader.Read())
        {
            list.Add(new Account(reader.GetInt64(0), reader.GetString(1),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2))));
        }

        return list;
    }

    private async Task WriteAsync(Action<SqliteConnection> work, CancellationToken ct)
    {
        await database.WriteLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var c = database.OpenConnection();
            using var transaction = c.BeginTransaction();
            work(c);
            transaction.Commit();
        }
        finally
        {
            database.WriteLock.Release();
        }
    }

    private static bool Exists(SqliteConnection c, string sql, string name)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteScalar() is not null;
    }

    private static void Execute(SqliteConnection c, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
