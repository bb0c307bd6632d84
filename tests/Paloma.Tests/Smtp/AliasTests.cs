using Paloma.Tests.Support;

namespace Paloma.Tests.Smtp;

/// <summary>Aliases (database and /etc/aliases file) and the virtusertable, end to end.</summary>
public sealed class AliasTests
{
    [Fact]
    public async Task DatabaseAliasesExpandToLocalUsersAndRemoteTargets()
    {
        await using var server = await TestServer.StartAsync();
        var aliases = server.Server.Context.Aliases!;
        await aliases.SetAsync("team", ["alice", "bob@example.com"]);
        await aliases.SetAsync("outside", ["alice", "someone@example.org"]);
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<team@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<outside@example.com>", "250 2.1.5");
        await client.ExpectAsync("DATA", "354");
        await client.ExpectRawAsync("Subject: team\r\n\r\nx\r\n.\r\n", "250 2.0.0");
        Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
        Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));

        // A running session sees an alias removed at once.
        await aliases.RemoveAsync("team");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<team@example.com>", "550 5.1.1");
    }

    [Fact]
    public async Task ChangesMadeByAnotherProcessAreSeenAtTheNextCommand()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await SmtpTestClient.ConnectAsync(server);
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<alice@example.com>", "250 2.1.5");
        await client.ExpectAsync("RSET", "250");

        // Another process on the same database (as `paloma alias add` and `paloma domain add|del` are): its own
        // connections, no notification to the server, only the change counters the triggers move.
        using var other = Paloma.Storage.SqliteDatabase.Open(server.DataDirectory);
        var otherAliases = new Paloma.Accounts.SqliteAliasStore(other);
        var otherAccounts = new Paloma.Accounts.SqliteAccountStore(other,
            new Paloma.Storage.SqliteMailStore(other, server.DataDirectory));

        await otherAliases.SetAsync("helpdesk", ["alice@example.com"]);
        await otherAccounts.AddDomainAsync("example.org");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<helpdesk@example.com>", "250 2.1.5");
        await client.ExpectAsync("RCPT TO:<helpdesk@example.org>", "250 2.1.5");
        await client.ExpectAsync("RSET", "250");

        // Nothing changed since: the same answers.
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<helpdesk@example.com>", "250 2.1.5");
        await client.ExpectAsync("RSET", "250");

        await otherAliases.RemoveAsync("helpdesk");
        await otherAccounts.RemoveDomainAsync("example.org");
        await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
        await client.ExpectAsync("RCPT TO:<helpdesk@example.com>", "550 5.1.1");
        await client.ExpectAsync("RCPT TO:<helpdesk@example.org>", "550 5.7.1");
    }

    [Fact]
    public async Task AliasStoreRefusesProgramFileAndIncludeTargets()
    {
        await using var server = await TestServer.StartAsync();
        var aliases = server.Server.Context.Aliases!;
        await Assert.ThrowsAsync<Paloma.Accounts.AccountException>(() => aliases.SetAsync("x", ["|/bin/sh"]));
        await Assert.ThrowsAsync<Paloma.Accounts.AccountException>(() => aliases.SetAsync("x", ["/tmp/file"]));
        await Assert.ThrowsAsync<Paloma.Accounts.AccountException>(
            () => aliases.SetAsync("x", [":include:/etc/list"]));
        Assert.Empty(await aliases.ListAsync());
    }

    [Fact]
    public async Task AliasFileAndVirtualUserTableAndLoops()
    {
        var aliasFile = Path.GetTempFileName();
        var virtualFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(aliasFile,
            "# aliases\nsales: alice,\n  bob\nloop1: loop2\nloop2: loop1\nabuse: postmaster\n");
        await File.WriteAllTextAsync(virtualFile,
            "info@virtual.example\talice\n@virtual.example\t%1@example.com\n"
            + "gone@virtual.example\terror:nouser 550 User has left\n");
        try
        {
            await using var server = await TestServer.StartAsync(c =>
            {
                c.Aliases.File = aliasFile;
                c.Aliases.VirtualFile = virtualFile;
                c.Domains.Local = ["virtual.example"];
            });
            await using var client = await SmtpTestClient.ConnectAsync(server);
            await client.ExpectAsync("MAIL FROM:<carol@example.net>", "250 2.1.0");
            await client.ExpectAsync("RCPT TO:<sales@example.com>", "250 2.1.5");
            await client.ExpectAsync("RCPT TO:<loop1@example.com>", "554 5.4.6");
            await client.ExpectAsync("RCPT TO:<info@virtual.example>", "250 2.1.5");
            await client.ExpectAsync("RCPT TO:<bob@virtual.example>", "250 2.1.5");
            await client.ExpectAsync("RCPT TO:<nobody@virtual.example>", "550 5.1.1");
            await client.ExpectAsync("RCPT TO:<gone@virtual.example>", "550");
            await client.ExpectAsync("RCPT TO:<abuse@example.com>", "250 2.1.5");
            await client.ExpectAsync("DATA", "354");
            await client.ExpectRawAsync("Subject: virtual\r\n\r\nx\r\n.\r\n", "250 2.0.0");
            Assert.Single(await Inbox.ReadAsync(server, "alice@example.com"));
            Assert.Single(await Inbox.ReadAsync(server, "bob@example.com"));
            Assert.Single(await Inbox.ReadAsync(server, "postmaster@example.com"));
        }
        finally
        {
            File.Delete(aliasFile);
            File.Delete(virtualFile);
        }
    }

    [Fact]
    public async Task AliasFileWithProgramTargetIsRefusedWithFileAndLine()
    {
        var aliasFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(aliasFile, "ok: alice\nbad: \"|/usr/bin/vacation\"\n");
        try
        {
            var error = await Assert.ThrowsAsync<Paloma.Policy.MapParseException>(
                () => TestServer.StartAsync(c => c.Aliases.File = aliasFile));
            Assert.StartsWith(aliasFile + ":2:", error.Message);
        }
        finally
        {
            File.Delete(aliasFile);
        }
    }
}
