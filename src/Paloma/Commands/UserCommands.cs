using System.CommandLine;
using System.Text;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma user add|passwd|del|list</c>: mail users, which are not system users.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage mail users");

        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password from the first line of standard input instead of prompting",
        };

        var addAddress = new Argument<string>("address") { Description = "The user's address, e.g. alice@example.com" };
        var add = new Command("add", "Add a user (the domain must exist)") { addAddress, passwordStdin };
        add.SetAction(async (result, ct) =>
        {
            var config = PalomaCli.LoadConfig(result);
            var password = ReadPassword(result.GetValue(passwordStdin));
            using var stores = new AccountStores(config);
            var account = await stores.Accounts.AddUserAsync(result.GetValue(addAddress)!, password, ct)
                .ConfigureAwait(false);
            Console.WriteLine($"user {account.Address} added");
            return PalomaCli.Success;
        });

        var passwdAddress = new Argument<string>("address") { Description = "The user's address" };
        var passwd = new Command("passwd", "Change a user's password") { passwdAddress, passwordStdin };
        passwd.SetAction(async (result, ct) =>
        {
            var config = PalomaCli.LoadConfig(result);
            var password = ReadPassword(result.GetValue(passwordStdin));
            using var stores = new AccountStores(config);
            await stores.Accounts.SetPasswordAsync(result.GetValue(passwdAddress)!, password, ct).ConfigureAwait(false);
            Console.WriteLine($"password of {result.GetValue(passwdAddress)} changed");
            return PalomaCli.Success;
        });

        var delAddress = new Argument<string>("address") { Description = "The user's address" };
        var del = new Command("del", "Delete a user with all their mailboxes and messages") { delAddress };
        del.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            await stores.Accounts.RemoveUserAsync(result.GetValue(delAddress)!, ct).ConfigureAwait(false);
            Console.WriteLine($"user {result.GetValue(delAddress)} deleted");
            return PalomaCli.Success;
        });

        var listDomain = new Argument<string?>("domain")
        {
            Description = "Only users of this domain",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Command("list", "List users") { listDomain };
        list.SetAction(async (result, ct) =>
        {
            using var stores = new AccountStores(PalomaCli.LoadConfig(result));
            foreach (var account in await stores.Accounts.ListUsersAsync(result.GetValue(listDomain), ct)
                         .ConfigureAwait(false))
            {
                Console.WriteLine(account.Address);
            }

            return PalomaCli.Success;
        });

        user.Subcommands.Add(add);
        user.Subcommands.Add(passwd);
        user.Subcommands.Add(del);
        user.Subcommands.Add(list);
        return user;
    }

    /// <summary>The password from stdin (--password-stdin) or from a no-echo prompt, asked twice.</summary>
    private static string ReadPassword(bool fromStdin)
    {
        if (fromStdin)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line)
                ? throw new UsageException("--password-stdin: no password on standard input")
                : line;
        }

        if (Console.IsInputRedirected)
        {
            throw new UsageException("no terminal to prompt for a password; use --password-stdin");
        }

        var first = Prompt("Password: ");
        var second = Prompt("Repeat password: ");
        return first == second ? first : throw new UsageException("the passwords do not match");
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
