using System.Net;
using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class RelayPolicyTests
{
    private static readonly IPAddress s_outsider = IPAddress.Parse("203.0.113.50");

    private static readonly RelayPolicy s_policy = new(
        MapSource.Fixed(AccessMap.Parse("""
            Connect:127.0.0.1 RELAY
            Connect:198.51.100 REJECT
            Connect:198.51.100.9 ERROR:4.7.1:451 slow down
            Connect:trusted.example.org RELAY
            Connect:192.0.2.99 DISCARD
            From:spammer.test REJECT
            To:relayed.example RELAY
            To:ok.example OK
            To:blocked@example.com ERROR:5.1.1:550 no such user here
            To:trap@example.com DISCARD
            """, "access")),
        MapSource.Fixed(DomainSet.Create(["example.com", "example.test"], "[domains] local")),
        MapSource.Fixed(DomainSet.Create(["partner.example", "relayhosts.example"], "[domains] relay")),
        ["PLAIN", "SCRAM-SHA-256"],
        [IPAddress.Parse("192.0.2.10"), IPAddress.Parse("2001:db8::10")]);

    private static PolicyDecision Rcpt(string recipient, IPAddress? ip = null, string? host = null,
        string? mechanism = null, string sender = "spam@example.org") =>
        s_policy.CheckRecipient(ip ?? s_outsider, host, mechanism, sender, recipient);

    [Fact]
    public void LocalRecipientIsAcceptedFromAnyone()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("alice@example.com").Verdict);
        Assert.Equal(PolicyVerdict.Accept, Rcpt("alice@EXAMPLE.Com.").Verdict);
    }

    [Fact]
    public void ForeignRecipientFromOutsiderIsRelayDenied()
    {
        Assert.Equal("550 5.7.1 Relaying denied", Rcpt("victim@example.net").ToString());
        Assert.Equal(PolicyVerdict.Reject, Rcpt("victim@EXAMPLE.NET.").Verdict);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("scram-sha-256")]
    public void AuthenticatedWithARelayMechanismMayRelay(string mechanism)
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("victim@example.net", mechanism: mechanism).Verdict);
    }

    [Fact]
    public void AuthenticatedWithAnotherMechanismMayNotRelay()
    {
        Assert.Equal(PolicyVerdict.Reject, Rcpt("victim@example.net", mechanism: "CRAM-MD5").Verdict);
    }

    [Fact]
    public void ConnectRelayClientMayRelayByAddressOrHostName()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@example.net", ip: IPAddress.Loopback).Verdict);
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@example.net", host: "mx.trusted.example.org").Verdict);
        Assert.Equal(PolicyVerdict.Reject, Rcpt("x@example.net", host: "trusted.example.org.evil.test").Verdict);
    }

    [Fact]
    public void RelayDomainsAndSubdomainsMayBeRelayedTo()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@partner.example").Verdict);
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@mx.PARTNER.example").Verdict);
        Assert.Equal(PolicyVerdict.Reject, Rcpt("x@notpartner.example").Verdict);
    }

    [Fact]
    public void ClientHostInRelayDomainsMayRelay()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@example.net", host: "out.relayhosts.example").Verdict);
    }

    [Fact]
    public void ToRelayAllowsRelayingButToOkDoesNot()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@mail.relayed.example").Verdict);
        Assert.Equal("550 5.7.1 Relaying denied", Rcpt("x@ok.example").ToString());
    }

    [Fact]
    public void ToErrorAndDiscardApplyToLocalRecipients()
    {
        Assert.Equal("550 5.1.1 no such user here", Rcpt("blocked@example.com").ToString());
        Assert.Equal(PolicyVerdict.Discard, Rcpt("trap@example.com").Verdict);
    }

    [Fact]
    public void ConnectRejectAndTempFailApplyEvenToLocalRecipients()
    {
        var rejected = Rcpt("alice@example.com", ip: IPAddress.Parse("198.51.100.1"));
        Assert.Equal("550 5.7.1 Access denied", rejected.ToString());
        var temp = Rcpt("alice@example.com", ip: IPAddress.Parse("198.51.100.9"));
        Assert.True(temp.IsTransient);
        Assert.Equal("451 4.7.1 slow down", temp.ToString());
        Assert.Contains("access:3", temp.Reason);
    }

    [Fact]
    public void SenderRejectAppliesAtRcptAndAtMail()
    {
        Assert.Equal(PolicyVerdict.Reject, Rcpt("alice@example.com", sender: "x@mx.spammer.test").Verdict);
        Assert.Equal(PolicyVerdict.Reject, s_policy.CheckSender(s_outsider, null, "x@spammer.test").Verdict);
        Assert.Equal(PolicyVerdict.Accept, s_policy.CheckSender(s_outsider, null, "").Verdict);
        Assert.Equal("501 5.1.7", s_policy.CheckSender(s_outsider, null, "a@b@c").ToString()[..9]);
    }

    [Fact]
    public void CheckConnectGivesTheConnectEntry()
    {
        Assert.Equal(PolicyVerdict.Reject, s_policy.CheckConnect(IPAddress.Parse("198.51.100.200"), null).Verdict);
        Assert.Equal(PolicyVerdict.Discard, s_policy.CheckConnect(IPAddress.Parse("192.0.2.99"), null).Verdict);
        Assert.Equal(PolicyVerdict.Accept, s_policy.CheckConnect(s_outsider, null).Verdict);
    }

    [Fact]
    public void ClassifyTellsTheSmtpLayerWhatARecipientIs()
    {
        Assert.Equal(RecipientKind.Local, Classify("alice@example.test"));
        Assert.Equal(RecipientKind.LocalWithRoutingCharacters, Classify("a%b@example.test"));
        Assert.Equal(RecipientKind.Remote, Classify("a%b@example.net"));
        Assert.Equal(RecipientKind.Postmaster, Classify("PostMaster"));
        Assert.Equal(RecipientKind.Unqualified, Classify("alice"));
        Assert.Equal(RecipientKind.Local, Classify("alice@[192.0.2.10]"));
        Assert.Equal(RecipientKind.Remote, Classify("alice@[192.0.2.11]"));
    }

    private static PolicyVerdict Verdict(RelayPolicy policy) =>
        policy.CheckRecipient(s_outsider, null, null, "", "x@example.net").Verdict;

    private static RecipientKind Classify(string path)
    {
        Assert.True(EnvelopeAddress.TryParse(path, out var address, out _));
        return s_policy.Classify(address);
    }

    // C16 — open-relay probes: unauthenticated, from an outside address; example.com is local, example.net
    // foreign. Every probe must get 550 5.1.1, 550 5.7.1 or 501 5.1.3, never acceptance.
    [Theory]
    [InlineData("victim%example.net@example.com", "550 5.7.1")]
    [InlineData("\"victim%example.net\"", "501 5.1.3")]
    [InlineData("\"victim@example.net\"", "501 5.1.3")]
    [InlineData("victim@example.net@", "501 5.1.3")]
    [InlineData("victim@example.net@example.com", "501 5.1.3")]
    [InlineData("@example.com:victim@example.net", "550 5.7.1")]
    [InlineData("victim!example.net@example.com", "550 5.7.1")]
    [InlineData("victim@[203.0.113.5]", "550 5.7.1")]
    [InlineData("\"victim@example.net\"@example.com", "550 5.7.1")]
    [InlineData("victim@example.net.", "550 5.7.1")]
    [InlineData("VICTIM@Example.NET", "550 5.7.1")]
    public void C16OpenRelayProbesAreRefused(string recipient, string expected)
    {
        var decision = Rcpt(recipient);
        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.StartsWith(expected, decision.ToString());
    }

    // C15 — address literals and <Postmaster>.
    [Theory]
    [InlineData("postmaster@[192.0.2.10]")]
    [InlineData("postmaster@[IPv6:2001:db8::10]")]
    [InlineData("Postmaster")]
    [InlineData("POSTMASTER")]
    public void C15OwnLiteralsAndPostmasterAreAccepted(string recipient)
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt(recipient, sender: "carol@example.net").Verdict);
    }

    [Fact]
    public void C15ForeignLiteralIsRelayDeniedNotASyntaxError()
    {
        var decision = Rcpt("someone@[198.51.100.7]", sender: "carol@example.net");
        Assert.Equal("550 5.7.1 Relaying denied", decision.ToString());
    }

    [Fact]
    public void C15InvalidLiteralIsASyntaxError()
    {
        Assert.StartsWith("501 5.1.3", Rcpt("user@[300.1.1.1]", sender: "carol@example.net").ToString());
    }

    [Fact]
    public void C15PostmasterIsAcceptedEvenFromARejectedClient()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("Postmaster", ip: IPAddress.Parse("198.51.100.1")).Verdict);
    }

    [Fact]
    public void RoutingCharactersAtALocalDomainAreRefusedEvenWhenAuthenticated()
    {
        Assert.Equal(PolicyVerdict.Reject, Rcpt("victim%example.net@example.com", mechanism: "PLAIN").Verdict);
    }

    [Fact]
    public void AuthenticatedUserMayRelayToAForeignLiteral()
    {
        Assert.Equal(PolicyVerdict.Accept, Rcpt("x@[198.51.100.7]", mechanism: "PLAIN").Verdict);
    }

    [Fact]
    public void PolicyFollowsReloadedSources()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            var access = new ReloadingMap<AccessMap>(path, () => AccessMap.Load(path), TimeSpan.Zero);
            var policy = new RelayPolicy(access, MapSource.Fixed(DomainSet.Empty), MapSource.Fixed(DomainSet.Empty),
                [], []);
            Assert.Equal(PolicyVerdict.Reject, Verdict(policy));

            File.WriteAllText(path, "Connect:203.0.113 RELAY\n");
            File.SetLastWriteTimeUtc(path, new DateTime(2026, 1, 1, 0, 1, 0, DateTimeKind.Utc));
            Assert.Equal(PolicyVerdict.Accept, Verdict(policy));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
