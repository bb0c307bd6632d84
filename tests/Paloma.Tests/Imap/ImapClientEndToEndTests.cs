using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;
using Paloma.Tests.Support;

namespace Paloma.Tests.Imap;

/// <summary>Layer (c): real clients, MailKit's ImapClient and Python's imaplib, against a real server.</summary>
public sealed class ImapClientEndToEndTests
{
    private static async Task<ImapClient> ConnectAsync(TestServer server)
    {
        var client = new ImapClient();
        await client.ConnectAsync(server.Imap.Address.ToString(), server.Imap.Port,
            MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync("alice@example.com", TestServer.Password);
        return client;
    }

    private static MimeMessage Message(string subject) => new(
        [new MailboxAddress("Bob", "bob@example.com")], [new MailboxAddress("Alice", "alice@example.com")], subject,
        new TextPart("plain") { Text = "Hello " + subject });

    [Fact]
    public async Task MailKitLoginListAppendFlagCopyMoveExpunge()
    {
        await using var server = await TestServer.StartAsync();
        using var client = await ConnectAsync(server);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.UidPlus));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Move));
        var sent = client.GetFolder(SpecialFolder.Sent);
        Assert.Equal("Sent", sent.FullName);
        Assert.Equal("Trash", client.GetFolder(SpecialFolder.Trash).FullName);

        var inbox = client.Inbox;
        var uid = await inbox.AppendAsync(Message("first"), MessageFlags.Flagged);
        Assert.NotNull(uid);
        await inbox.AppendAsync(Message("second"));
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        Assert.Equal(2, inbox.Count);

        var summaries = await inbox.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId
            | MessageSummaryItems.Size);
        Assert.Equal([uid!.Value, new UniqueId(uid.Value.Id + 1)], summaries.Select(s => s.UniqueId));
        Assert.True(summaries[0].Flags!.Value.HasFlag(MessageFlags.Flagged));

        var flagged = await inbox.SearchAsync(SearchQuery.Flagged);
        Assert.Equal([uid.Value], flagged);
        await inbox.AddFlagsAsync(summaries[1].UniqueId, MessageFlags.Seen, true);
        Assert.Equal([summaries[1].UniqueId], await inbox.SearchAsync(SearchQuery.Seen));

        var trash = client.GetFolder(SpecialFolder.Trash)!;
        var copied = await inbox.CopyToAsync(summaries[0].UniqueId, trash);
        Assert.NotNull(copied);
        var moved = await inbox.MoveToAsync(summaries[1].UniqueId, trash);
        Assert.NotNull(moved);
        Assert.Equal(1, inbox.Count);
        await inbox.AddFlagsAsync(summaries[0].UniqueId, MessageFlags.Deleted, true);
        await inbox.ExpungeAsync();
        Assert.Equal(0, inbox.Count);
        await trash.StatusAsync(StatusItems.Count);
        Assert.Equal(2, trash.Count);
        await client.DisconnectAsync(true);
    }

    /// <summary>Needs MessageContent (ENVELOPE, BODYSTRUCTURE, body text).</summary>
    [Fact]
    public async Task MailKitFetchesEnvelopeAndBodyStructure()
    {
        await using var server = await TestServer.StartAsync();
        using var client = await ConnectAsync(server);
        await client.Inbox.AppendAsync(Message("structured"));
        await client.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var summary = (await client.Inbox.FetchAsync(0, -1, MessageSummaryItems.Envelope
            | MessageSummaryItems.BodyStructure))[0];
        Assert.Equal("structured", summary.Envelope!.Subject);
        // RFC 3501 §7.4.2: media types are case-insensitive; Paloma sends them upper-case as the RFC examples do.
        Assert.Equal("text/plain", summary.Body!.ContentType.MimeType, ignoreCase: true);
        var message = await client.Inbox.GetMessageAsync(0);
        Assert.Equal("Hello structured", message.TextBody.Trim());
    }

    [Fact]
    public async Task MailKitIdleSeesAppendFromAnotherSession()
    {
        await using var server = await TestServer.StartAsync();
        using var idler = await ConnectAsync(server);
        using var writer = await ConnectAsync(server);
        await idler.Inbox.OpenAsync(FolderAccess.ReadOnly);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        idler.Inbox.CountChanged += (_, _) => arrived.TrySetResult();
        using var done = new CancellationTokenSource();
        var idle = idler.IdleAsync(done.Token);
        await writer.Inbox.AppendAsync(Message("during idle"));
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await done.CancelAsync();
        await idle;
        Assert.Equal(1, idler.Inbox.Count);
    }

    [Fact]
    public async Task PythonImaplibScriptRunsCleanly()
    {
        await using var server = await TestServer.StartAsync();
        var (exitCode, output) = await PythonScript.RunAsync("imap_client.py", server.Imap.Address.ToString(),
            server.Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "alice@example.com",
            TestServer.Password);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task PythonImaplibDrivesSortThreadBinaryAndUtf8()
    {
        await using var server = await TestServer.StartAsync();
        var (exitCode, output) = await PythonScript.RunAsync("imap_extensions.py", server.Imap.Address.ToString(),
            server.Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "alice@example.com",
            TestServer.Password);
        Assert.True(exitCode == 0, output);
    }
}
