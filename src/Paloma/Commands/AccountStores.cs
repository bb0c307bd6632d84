using Paloma.Accounts;
using Paloma.Config;
using Paloma.Storage;

namespace Paloma.Cli.Commands;

/// <summary>Opens the account store of the configured data directory for one CLI command. It works while the
/// server runs: both processes share the SQLite database, whose WAL journal lets them write in turn.</summary>
internal sealed class AccountStores : IDisposable
{
    private readonly SqliteDatabase _database;

    public AccountStores(PalomaConfig config)
    {
        _database = SqliteDatabase.Open(config.DataDirectory);
        // user add and passwd derive the SASL secrets the configured [auth] mechanisms need.
        Accounts = new SqliteAccountStore(_database, new SqliteMailStore(_database, config.DataDirectory))
        {
            Derivation = SaslDerivationOptions.FromConfig(config),
        };
        Aliases = new SqliteAliasStore(_database);
    }

    public IAccountStore Accounts { get; }

    public IAliasStore Aliases { get; }

    public void Dispose() => _database.Dispose();
}
