namespace Paloma.Tests.Imap.SyncClients;

/// <summary>offlineimap keeps a Maildir and Paloma in step, both ways (issue 5).</summary>
public sealed class OfflineImapTests
{
    [RequiresProgramsFact("offlineimap")]
    public async Task OfflineImapSyncsFoldersFlagsAndDeletionsBothWays()
    {
        await using var scenario = await SyncScenario.StartAsync();
        var dir = scenario.Directory;
        var mail = Path.Combine(dir, "mail");
        var config = Path.Combine(dir, "offlineimaprc");
        // No TLS in the test server: ssl and starttls off. "sep = /" nests the Maildir folders as the server does.
        await File.WriteAllTextAsync(config, $"""
            [general]
            accounts = paloma
            metadata = {dir}/meta

            [Account paloma]
            localrepository = local
            remoterepository = remote

            [Repository local]
            type = Maildir
            localfolders = {mail}
            sep = /

            [Repository remote]
            type = IMAP
            remotehost = 127.0.0.1
            remoteport = {scenario.Port}
            remoteuser = alice@example.com
            remotepass = {Support.TestServer.Password}
            ssl = no
            starttls = no
            maxconnections = 1

            """);
        Directory.CreateDirectory(mail);

        await scenario.RunAsync(
            () => ExternalProgram.RunAsync("offlineimap", dir, "-c", config, "-o", "-u", "basic"),
            () => MaildirFolder.FoldersUnder(mail),
            name => Path.Combine(mail, name));
    }
}
