using Paloma.Tests.Support;

namespace Paloma.Tests.Imap.Extensions;

/// <summary>QUOTA (RFC 9208): STORAGE per user from [quota] default_storage, [OVERQUOTA] at APPEND and COPY.
/// </summary>
public sealed class QuotaTests
{
    [Fact]
    public async Task QuotaIsReportedAndAppendOverItIsRefused()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 4096);
        await using var c = await ImapTestClient.LoginAsync(server);
        var root = await c.ExpectOkAsync("a1 GETQUOTAROOT INBOX");
        Assert.Equal(["* QUOTAROOT \"INBOX\" \"\"", "* QUOTA \"\" (STORAGE 0 4)"], root.SkipLast(1));
        await c.AppendAsync("INBOX", "Subject: a\r\n\r\n" + new string('x', 2000) + "\r\n");
        Assert.Equal("* QUOTA \"\" (STORAGE 2 4)", (await c.ExpectOkAsync("a2 GETQUOTA \"\""))[0]);

        var big = "Subject: b\r\n\r\n" + new string('y', 3000) + "\r\n";
        await c.Raw.SendAsync($"a3 APPEND INBOX {{{big.Length}+}}\r\n{big}\r\n");
        Assert.StartsWith("a3 NO [OVERQUOTA]", (await c.ReadTaggedAsync("a3"))[^1]);
        Assert.Equal("* STATUS \"INBOX\" (MESSAGES 1)", (await c.ExpectOkAsync("a4 STATUS INBOX (MESSAGES)"))[0]);
        await c.ExpectAsync("a5 GETQUOTA other", "NO");
        await c.ExpectAsync("a6 SETQUOTA \"\" (STORAGE 100)", "NO");
        await c.ExpectAsync("a7 SETQUOTA \"\" STORAGE", "BAD");
        await c.ExpectAsync("a8 GETQUOTAROOT Nowhere", "NO");
    }

    [Fact]
    public async Task CopyOverTheQuotaIsRefusedAsAWholeAndMoveWithinTheAccountIsNot()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 5120);
        await using var c = await ImapTestClient.LoginAsync(server);
        await c.ExpectOkAsync("a1 CREATE Other");
        await c.AppendAsync("INBOX", "Subject: a\r\n\r\n" + new string('x', 1500) + "\r\n");
        await c.AppendAsync("INBOX", "Subject: b\r\n\r\n" + new string('y', 1500) + "\r\n");
        await c.ExpectOkAsync("a2 SELECT INBOX");

        // RFC 9208 §4.3.1: about 3,000 of 5,120 octets used; a copy of both would be 6,000: NO [OVERQUOTA],
        // and nothing is copied. One of them fits.
        Assert.StartsWith("a3 NO [OVERQUOTA]", (await c.CommandAsync("a3 COPY 1:2 Other"))[^1]);
        Assert.Equal("* STATUS \"Other\" (MESSAGES 0)", (await c.ExpectOkAsync("a4 STATUS Other (MESSAGES)"))[0]);
        Assert.StartsWith("a5 NO [OVERQUOTA]", (await c.CommandAsync("a5 UID COPY 1:* Other"))[^1]);
        await c.ExpectOkAsync("a6 COPY 1 Other");
        Assert.Equal("* QUOTA \"\" (STORAGE 5 5)", (await c.ExpectOkAsync("a7 GETQUOTA \"\""))[0]);

        // Now at the limit: a MOVE within the account adds nothing and is allowed.
        await c.ExpectOkAsync("a8 MOVE 2 Other");
        Assert.Equal("* STATUS \"Other\" (MESSAGES 2)", (await c.ExpectOkAsync("a9 STATUS Other (MESSAGES)"))[0]);
        Assert.StartsWith("b1 NO [OVERQUOTA]", (await c.CommandAsync("b1 COPY 1 Other"))[^1]);
    }

    [Fact]
    public async Task AnAccountWithoutALimitHasNoQuotaRootAndLimitsRoundUp()
    {
        await using (var server = await TestServer.StartAsync())
        {
            await using var c = await ImapTestClient.LoginAsync(server);
            Assert.Equal(["* QUOTAROOT \"INBOX\"", "a1 OK GETQUOTAROOT completed"],
                await c.ExpectOkAsync("a1 GETQUOTAROOT INBOX"));
            Assert.StartsWith("a2 NO [NONEXISTENT]", (await c.CommandAsync("a2 GETQUOTA \"\""))[^1]);
        }

        // 3,000 octets is 2.9 units: shown as 3, so 2,748 octets used (3 units) is not shown over the limit.
        await using (var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 3000))
        {
            await using var c = await ImapTestClient.LoginAsync(server);
            await c.AppendAsync("INBOX", "Subject: a\r\n\r\n" + new string('x', 2700) + "\r\n");
            Assert.Equal("* QUOTA \"\" (STORAGE 3 3)", (await c.ExpectOkAsync("a3 GETQUOTA \"\""))[0]);
        }
    }

    [Fact]
    public async Task StoreQuotaIsWhatSmtpChecks()
    {
        await using var server = await TestServer.StartAsync(c => c.Quota.DefaultStorage = 1000);
        var alice = await server.Server.Context.Accounts.FindUserAsync("alice@example.com");
        var quota = await server.Server.Context.Store.GetQuotaAsync(alice!.Id);
        Assert.Equal(1000, quota.LimitBytes);
        Assert.False(quota.Allows(1001));
        await server.Server.Context.Store.SetQuotaAsync(alice.Id, 5000);
        Assert.True((await server.Server.Context.Store.GetQuotaAsync(alice.Id)).Allows(1001));
    }
}
