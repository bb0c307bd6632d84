using System.CommandLine;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma alias add|del|list</c>: aliases in the /etc/aliases sense (newaliases is not needed; the
/// running server reads them from the database on every recipient).</summary>
internal static class AliasCommands
{
    public static Command Create()
    {
        var alias = new Command("alias", "Manage aliases (local name to local users or addresses)");

        var name = new Argument<string>("name") { Description = "Local name, e.g. info" };
        var targets = new Argument<string[]>("targets")
        {
            Description = "Local users or addresses, e.g. alice bob@example.net",
            Arity = ArgumentArity.OneOrMore,
        };
        var add = new Command("add", "Add or replace an alias") { name, targets };
        add.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            await stores.Aliases.SetAsync(result.GetValue(name)!, result.GetValue(targets)!, ct)
                .ConfigureAwait(false);
            Console.WriteLine($"alias {result.GetValue(name)} added");
            return PalomaCli.Success;
        });

        var delName = new Argument<string>("name") { Description = "Alias name" };
        var del = new Command("del", "Delete an alias") { delName };
        del.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            await stores.Aliases.RemoveAsync(result.GetValue(delName)!, ct).ConfigureAwait(false);
            Console.WriteLine($"alias {result.GetValue(delName)} deleted");
            return PalomaCli.Success;
        });

        var list = new Command("list", "List aliases in /etc/aliases form");
        list.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            foreach (var (aliasName, aliasTargets) in await stores.Aliases.ListAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine($"{aliasName}: {aliasTargets}");
            }

            return PalomaCli.Success;
        });

        alias.Subcommands.Add(add);
        alias.Subcommands.Add(del);
        alias.Subcommands.Add(list);
        return alias;
    }
}
