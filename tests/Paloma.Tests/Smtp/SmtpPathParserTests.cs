using System.Net;
using Paloma.Smtp.Protocol;

namespace Paloma.Tests.Smtp;

public sealed class SmtpPathParserTests
{
    [Theory]
    [InlineData("FROM:<alice@example.com>", "alice", "example.com", DomainKind.Name)]
    [InlineData("from:<Alice.B+tag@Sub.Example.COM>", "Alice.B+tag", "Sub.Example.COM", DomainKind.Name)]
    [InlineData("FROM:<\"john doe\"@example.com>", "\"john doe\"", "example.com", DomainKind.Name)]
    [InlineData("FROM:<\"a\\\"b\"@example.com>", "\"a\\\"b\"", "example.com", DomainKind.Name)]
    [InlineData("FROM:<x@[192.0.2.1]>", "x", "[192.0.2.1]", DomainKind.IPv4Literal)]
    [InlineData("FROM:<x@[IPv6:2001:db8::1]>", "x", "[IPv6:2001:db8::1]", DomainKind.IPv6Literal)]
    [InlineData("FROM:<x@[tag:anything]>", "x", "[tag:anything]", DomainKind.GeneralLiteral)]
    [InlineData("FROM:<@relay.example,@other.example:x@example.com>", "x", "example.com", DomainKind.Name)]
    [InlineData("FROM:<a@b.c>   ", "a", "b.c", DomainKind.Name)]
    public void ParsesReversePaths(string argument, string local, string domain, DomainKind kind)
    {
        var result = SmtpPathParser.ParseMail(argument);
        Assert.Null(result.Error);
        var address = result.Path!.Address!;
        Assert.Equal(local, address.LocalPart);
        Assert.Equal(domain, address.Domain);
        Assert.Equal(kind, address.Kind);
    }

    [Fact]
    public void NullReversePathIsAcceptedForMailOnly()
    {
        var mail = SmtpPathParser.ParseMail("FROM:<>");
        Assert.NotNull(mail.Path);
        Assert.Null(mail.Path.Address);
        Assert.Equal("<>", mail.Path.ToAngleForm());
        Assert.Equal(EnhancedStatusCode.BadDestinationSyntax, SmtpPathParser.ParseRcpt("TO:<>").Error!.Status);
    }

    [Theory]
    [InlineData("TO:<Postmaster>")]
    [InlineData("TO:<POSTMASTER>")]
    [InlineData("to:<postmaster>")]
    public void DomainlessPostmasterIsAForwardPath(string argument)
    {
        var result = SmtpPathParser.ParseRcpt(argument);
        Assert.True(result.Path!.IsPostmaster);
        Assert.True(SmtpPathParser.ParseMail("FROM:<postmaster>").Error is not null);
    }

    [Theory]
    [InlineData("FROM:<;sleep 10;>")]
    [InlineData("FROM:<alice>")]
    [InlineData("FROM:<alice@>")]
    [InlineData("FROM:<@example.com>")]
    [InlineData("FROM:<alice@example.com.>")]
    [InlineData("FROM:<alice@.example.com>")]
    [InlineData("FROM:<alice@exa..mple.com>")]
    [InlineData("FROM:<alice@-example.com>")]
    [InlineData("FROM:<alice@example-.com>")]
    [InlineData("FROM:<alice@example.com@example.net>")]
    [InlineData("FROM:<alice@example.com@>")]
    [InlineData("FROM:<.alice@example.com>")]
    [InlineData("FROM:<alice.@example.com>")]
    [InlineData("FROM:<al..ice@example.com>")]
    [InlineData("FROM:<al ice@example.com>")]
    [InlineData("FROM:<`touch /tmp/c17`@example.net>")]
    [InlineData("FROM:<$(id)@example.com>")]
    [InlineData("FROM:<\"unterminated@example.com>")]
    [InlineData("FROM:<\"victim@example.net\">")]
    [InlineData("FROM:<user@[300.1.1.1]>")]
    [InlineData("FROM:<user@[1.2.3]>")]
    [InlineData("FROM:<user@[IPv6:zz::1]>")]
    [InlineData("FROM:<user@[IPv6:1.2.3.4]>")]
    [InlineData("FROM:<user@[192.0.2.1>")]
    [InlineData("FROM:<@example.com victim@example.net>")]
    [InlineData("FROM:<alice@example.com")]
    public void BadAddressesAreSyntaxErrors(string argument)
    {
        var result = SmtpPathParser.ParseMail(argument);
        Assert.Null(result.Path);
        Assert.Equal(SmtpReplyCode.ParameterSyntaxError501, result.Error!.Code);
    }

    [Theory]
    [InlineData("FROM: <alice@example.com>")]
    [InlineData("FROM:alice@example.com")]
    [InlineData("FROM")]
    [InlineData("")]
    [InlineData("TO:<alice@example.com>")]
    public void MissingPrefixOrBracketsIsArgumentSyntaxError(string argument)
    {
        var result = SmtpPathParser.ParseMail(argument);
        Assert.Equal(SmtpReplyCode.ParameterSyntaxError501, result.Error!.Code);
        Assert.Equal(EnhancedStatusCode.InvalidArguments, result.Error.Status);
    }

    [Fact]
    public void LocalPartOver64OctetsIsRefused()
    {
        Assert.NotNull(SmtpPathParser.ParseMail($"FROM:<{new string('a', 64)}@example.com>").Path);
        Assert.Null(SmtpPathParser.ParseMail($"FROM:<{new string('a', 65)}@example.com>").Path);
    }

    [Fact]
    public void NonAsciiAddressNeedsSmtpUtf8()
    {
        var mail = SmtpPathParser.ParseMail("FROM:<jöran@example.net>").Error!;
        Assert.Equal(SmtpReplyCode.MailboxUnavailable550, mail.Code);
        var rcpt = SmtpPathParser.ParseRcpt("TO:<alice@bücher.example>").Error!;
        Assert.Equal(SmtpReplyCode.MailboxNameNotAllowed553, rcpt.Code);
        Assert.Equal(EnhancedStatusCode.NonAsciiAddress, rcpt.Status);
    }

    [Fact]
    public void ParametersAreSplitIntoKeywordAndValue()
    {
        var path = SmtpPathParser.ParseMail("FROM:<a@b.c> SIZE=100 BODY=8BITMIME X-FLAG").Path!;
        Assert.Equal(
            [
                new EsmtpParameter("SIZE", "100"),
                new EsmtpParameter("BODY", "8BITMIME"),
                new EsmtpParameter("X-FLAG", null),
            ],
            path.Parameters);
    }

    [Theory]
    [InlineData("FROM:<a@b.c>SIZE=1")]
    [InlineData("FROM:<a@b.c> SIZE=")]
    [InlineData("FROM:<a@b.c> =1")]
    [InlineData("FROM:<a@b.c> -X=1")]
    [InlineData("FROM:<a@b.c> SIZE=1=2")]
    public void MalformedParametersAreRefused(string argument)
    {
        Assert.Equal(SmtpReplyCode.ParameterSyntaxError501, SmtpPathParser.ParseMail(argument).Error!.Code);
    }

    [Theory]
    [InlineData("SIZE=100", 100L, null, null)]
    [InlineData("SIZE=99999999999999999999", long.MaxValue, null, null)]
    [InlineData("BODY=8bitmime", null, "8BITMIME", null)]
    [InlineData("BODY=7BIT SIZE=0", 0L, "7BIT", null)]
    [InlineData("SIZE=123456789012345678901", long.MaxValue, null, null)]
    [InlineData("SIZE=12x", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("SIZE=-1", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("SIZE", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("SIZE=1 SIZE=2", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("BODY=BINARYMIME", null, "BINARYMIME", null)]
    [InlineData("BODY=BINARY", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("SMTPUTF8", null, null, null)]
    [InlineData("SMTPUTF8=yes", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("RET=FULL", null, null, null)]
    [InlineData("RET=NONE", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("ENVID=abc+2Bdef", null, null, null)]
    [InlineData("ENVID=a+zz", null, null, SmtpReplyCode.ParameterSyntaxError501)]
    [InlineData("XFOO=1", null, null, SmtpReplyCode.ParametersNotRecognized555)]
    public void MailParametersAreInterpreted(string parameters, long? size, string? body, SmtpReplyCode? error)
    {
        var path = SmtpPathParser.ParseMail("FROM:<a@b.c> " + parameters).Path!;
        var parsed = MailParameters.Parse(path.Parameters, out var reply);
        Assert.Equal(error, reply?.Code);
        if (error is null)
        {
            Assert.Equal(size, parsed.DeclaredSize);
            Assert.Equal(body, parsed.Body);
        }
    }

    [Fact]
    public void LiteralsCarryTheirAddress()
    {
        var address = SmtpPathParser.ParseRcpt("TO:<postmaster@[IPv6:2001:db8::10]>").Path!.Address!;
        Assert.Equal(IPAddress.Parse("2001:db8::10"), address.Literal);
    }

    [Theory]
    [InlineData("client.example.net", true)]
    [InlineData("[127.0.0.1]", true)]
    [InlineData("[IPv6:::1]", true)]
    [InlineData("localhost", true)]
    [InlineData("bad domain", false)]
    [InlineData("example.com.", false)]
    [InlineData("[999.0.0.1]", false)]
    public void HeloNamesAreDomainsOrLiterals(string name, bool valid)
    {
        Assert.Equal(valid, SmtpPathParser.IsDomainOrLiteral(name));
    }
}
