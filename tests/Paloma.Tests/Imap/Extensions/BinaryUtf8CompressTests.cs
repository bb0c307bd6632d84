using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Paloma.Tests.Support;
using static System.StringComparison;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>BINARY (RFC 3516), UTF8=ACCEPT (RFC 6855), ENABLE IMAP4rev2 (RFC 9051) and COMPRESS=DEFLATE
/// (RFC 4978).</summary>
public sealed class BinaryUtf8CompressTests
{
    private const string Multipart =
        "Subject: bin\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9 =3D ok\r\n"
        + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n"
        + "--b\r\nContent-Type: application/x-odd\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin\r\n"
        + "--b--\r\n";

    [Fact]
    public async Task BinaryDecodesEachPartAndReportsItsSize()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", Multipart);
        await client.ExpectOkAsync("s1 SELECT INBOX");

        var sizes = await client.ExpectOkAsync("f1 FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2])");
        Assert.Equal("* 1 FETCH (BINARY.SIZE[1] 10 BINARY.SIZE[2] 4)", sizes[0]);

        var text = await client.ExpectOkAsync("f2 FETCH 1 (BINARY.PEEK[1])");
        Assert.Equal("* 1 FETCH (BINARY[1] {10}", text[0]);
        Assert.Equal("caf\u00c3\u00a9 = ok", text[1][..10]);
        Assert.DoesNotContain(text, l => l.Contains("\\Seen", Ordinal));

        // Octets with NUL go as literal8; a partial names its origin.
        await client.Raw.SendAsync("f3 FETCH 1 (BINARY.PEEK[2] BINARY.PEEK[2]<1.2>)\r\n");
        var raw = await client.Raw.ReadUntilAsync("f3 ");
        Assert.StartsWith("* 1 FETCH (BINARY[2] ~{4}", raw[0]);
        Assert.Contains(raw, l => l.Contains("BINARY[2]<1> {2}", Ordinal));

        var unknown = await client.CommandAsync("f4 FETCH 1 (BINARY.PEEK[3])");
        Assert.StartsWith("f4 NO [UNKNOWN-CTE]", unknown[^1]);

        // BINARY without PEEK sets \Seen, as BODY[] does.
        var seen = await client.ExpectOkAsync("f5 FETCH 1 (BINARY[1])");
        Assert.Contains(seen, l => l.Contains("\\Seen", Ordinal));
        await client.ExpectAsync("f6 FETCH 1 (BINARY[HEADER])", "BAD");
    }

    [Fact]
    public async Task AppendTakesALiteral8WithNul()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        var message = "Subject: nul\r\n\r\na\0b\r\n";
        await client.Raw.SendAsync($"a1 APPEND INBOX ~{{{message.Length}+}}\r\n" + message + "\r\n");
        Assert.StartsWith("a1 OK [APPENDUID", (await client.ReadTaggedAsync("a1"))[^1]);
        await client.ExpectOkAsync("s1 SELECT INBOX");
        Assert.Contains("* 1 FETCH (RFC822.SIZE 21)", await client.ExpectOkAsync("f1 FETCH 1 RFC822.SIZE"));
    }

    [Fact]
    public async Task Utf8AcceptUsesUtf8MailboxNames()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectOkAsync("c1 CREATE Caf&AOk-");
        Assert.Contains("* ENABLED UTF8=ACCEPT", await client.ExpectOkAsync("e1 ENABLE UTF8=ACCEPT"));
        var list = await SendUtf8Async(client, "l1 LIST \"\" \"Caf*\"\r\n", "l1");
        // The name is UTF-8 now, not "Caf&AOk-"; non-ASCII goes as a literal of its UTF-8 octets.
        var at = list.FindIndex(l => l.StartsWith("* LIST", Ordinal) && l.EndsWith("{5}", Ordinal));
        Assert.Equal("Café", list[at + 1]);
        var created = await SendUtf8Async(client, "c2 CREATE \"Été/Ünï\"\r\n", "c2");
        Assert.StartsWith("c2 OK", created[^1]);
        var status = await SendUtf8Async(client, "s1 STATUS \"Été/Ünï\" (MESSAGES)\r\n", "s1");
        Assert.StartsWith("s1 OK", status[^1]);
        await client.ExpectAsync("c3 CREATE \"\xff\"", "NO");
    }

    private static async Task<List<string>> SendUtf8Async(ImapTestClient client, string line, string tag)
    {
        await client.Raw.SendAsync(Encoding.UTF8.GetBytes(line));
        return (await client.ReadTaggedAsync(tag)).Select(l => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(l)))
            .ToList();
    }

    [Fact]
    public async Task Imap4rev2DropsRecentAndAnswersSearchWithEsearch()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.AppendAsync("INBOX", "Subject: one\r\n\r\nx\r\n");
        Assert.Contains("IMAP4rev2", (await client.ExpectOkAsync("c1 CAPABILITY"))[0]);
        Assert.Contains("* ENABLED IMAP4rev2", await client.ExpectOkAsync("e1 ENABLE IMAP4rev2"));
        var select = await client.ExpectOkAsync("s1 SELECT inbox");
        Assert.DoesNotContain(select, l => l.EndsWith(" RECENT", Ordinal));
        Assert.Contains("* LIST (\\HasNoChildren) \"/\" \"INBOX\"", select);
        var drafts = await client.ExpectOkAsync("s2 EXAMINE Drafts");
        Assert.Equal("* OK [CLOSED] previous mailbox closed", drafts[0]);
        Assert.Contains("* LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"", drafts);
        await client.ExpectOkAsync("s3 SELECT INBOX");
        var fetch = await client.ExpectOkAsync("f1 FETCH 1 FLAGS");
        Assert.DoesNotContain("\\Recent", fetch[0]);
        var search = await client.ExpectOkAsync("x1 SEARCH ALL");
        Assert.Equal("* ESEARCH (TAG \"x1\") ALL 1", search[0]);

        // A rev2 session claims nothing: a rev1 session still sees the message as recent.
        await using var rev1 = await ImapTestClient.LoginAsync(server);
        Assert.Contains("* 1 RECENT", await rev1.ExpectOkAsync("r1 SELECT INBOX"));
    }

    [Fact]
    public async Task CompressDeflateWorksWithMailKit()
    {
        await using var server = await TestServer.StartAsync();
        using var client = new ImapClient();
        await client.ConnectAsync(server.Imap.Address.ToString(), server.Imap.Port,
            MailKit.Security.SecureSocketOptions.None);
        await client.AuthenticateAsync("alice@example.com", TestServer.Password);
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Compress));
        Assert.True(client.Capabilities.HasFlag(ImapCapabilities.Binary));
        await client.CompressAsync();
        for (var i = 0; i < 20; i++)
        {
            await client.Inbox.AppendAsync(new MimeKit.MimeMessage(
                [new MimeKit.MailboxAddress("A", "a@example.com")], [new MimeKit.MailboxAddress("B", "b@example.com")],
                "compressed " + i, new MimeKit.TextPart("plain") { Text = new string('z', 5000) }));
        }

        await client.Inbox.OpenAsync(FolderAccess.ReadWrite);
        var uids = await client.Inbox.SearchAsync(SearchQuery.SubjectContains("compressed"));
        Assert.Equal(20, uids.Count);
        var message = await client.Inbox.GetMessageAsync(uids[^1]);
        Assert.Equal("compressed 19", message.Subject);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task CompressTwiceIsRefusedAndUnknownMechanismIsBad()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await ImapTestClient.LoginAsync(server);
        await client.ExpectAsync("c1 COMPRESS LZW", "BAD");
        var ok = await client.ExpectOkAsync("c2 COMPRESS DEFLATE");
        Assert.Equal("c2 OK DEFLATE active", ok[^1]);
    }
}
