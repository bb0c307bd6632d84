namespace Paloma.Tests.Imap.SyncClients;

/// <summary>mbsync (isync) keeps a Maildir and Paloma in step, both ways (issue 5).</summary>
public sealed class MbsyncTests
{
    [RequiresProgramsFact("mbsync")]
    public async Task MbsyncSyncsFoldersFlagsAndDeletionsBothWays()
    {
        await using var scenario = await SyncScenario.StartAsync();
        var dir = scenario.Directory;
        var mail = Path.Combine(dir, "mail");
        var inbox = Path.Combine(dir, "inbox");
        var config = Path.Combine(dir, "mbsyncrc");
        // No TLS in the test server, so plaintext LOGIN is what there is (SSLType None, AuthMechs LOGIN).
        await File.WriteAllTextAsync(config, $"""
            IMAPAccount paloma
            Host 127.0.0.1
            Port {scenario.Port}
            User alice@example.com
            Pass {Support.TestServer.Password}
            SSLType None
            AuthMechs LOGIN

            IMAPStore paloma-far
            Account paloma

            MaildirStore paloma-near
            Path {mail}/
            Inbox {inbox}
            SubFolders Verbatim

            Channel paloma
            Far :paloma-far:
            Near :paloma-near:
            Patterns *
            Create Both
            Expunge Both
            SyncState *
            Sync All

            """);
        Directory.CreateDirectory(mail);

        await scenario.RunAsync(
            () => ExternalProgram.RunAsync("mbsync", dir, "-c", config, "-a"),
            () => new Dictionary<string, string>(MaildirFolder.FoldersUnder(mail)) { ["INBOX"] = inbox },
            name => name == "INBOX" ? inbox : Path.Combine(mail, name));
    }
}
