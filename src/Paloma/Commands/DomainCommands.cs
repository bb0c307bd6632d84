using System.CommandLine;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma domain add|del|list</c>: the local domains (what Sendmail calls local-host-names).</summary>
internal static class DomainCommands
{
    public static Command Create()
    {
        var domain = new Command("domain", "Manage local domains");

        var name = new Argument<string>("domain") { Description = "Domain name, e.g. example.com" };
        var add = new Command("add", "Add a local domain") { name };
        add.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            await stores.Accounts.AddDomainAsync(result.GetValue(name)!, ct).ConfigureAwait(false);
            Console.WriteLine($"domain {result.GetValue(name)} added");
            return PalomaCli.Success;
        });

        var delName = new Argument<string>("domain") { Description = "Domain name" };
        var del = new Command("del", "Delete a local domain that has no users") { delName };
        del.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            await stores.Accounts.RemoveDomainAsync(result.GetValue(delName)!, ct).ConfigureAwait(false);
            Console.WriteLine($"domain {result.GetValue(delName)} deleted");
            return PalomaCli.Success;
        });

        var list = new Command("list", "List local domains");
        list.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            foreach (var d in await stores.Accounts.ListDomainsAsync(ct).ConfigureAwait(false))
            {
                Console.WriteLine(d);
            }

            return PalomaCli.Success;
        });

        domain.Subcommands.Add(add);
        domain.Subcommands.Add(del);
        domain.Subcommands.Add(list);
        return domain;
    }
}
