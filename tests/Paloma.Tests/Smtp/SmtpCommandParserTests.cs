using System.Text;
using Paloma.Smtp.Protocol;

namespace Paloma.Tests.Smtp;

public sealed class SmtpCommandParserTests
{
    [Theory]
    [InlineData("EHLO client.example.net", SmtpVerb.Ehlo, "client.example.net")]
    [InlineData("ehlo x", SmtpVerb.Ehlo, "x")]
    [InlineData("HELO x", SmtpVerb.Helo, "x")]
    [InlineData("MAIL FROM:<a@b.c> SIZE=1", SmtpVerb.Mail, "FROM:<a@b.c> SIZE=1")]
    [InlineData("Rcpt TO:<a@b.c>", SmtpVerb.Rcpt, "TO:<a@b.c>")]
    [InlineData("DATA", SmtpVerb.Data, "")]
    [InlineData("RSET", SmtpVerb.Rset, "")]
    [InlineData("NOOP anything at all", SmtpVerb.Noop, "anything at all")]
    [InlineData("QUIT", SmtpVerb.Quit, "")]
    [InlineData("HELP", SmtpVerb.Help, "")]
    [InlineData("VRFY alice", SmtpVerb.Vrfy, "alice")]
    [InlineData("EXPN staff", SmtpVerb.Expn, "staff")]
    [InlineData("XYZZY", SmtpVerb.Unknown, "")]
    [InlineData("MAILFROM:<a@b.c>", SmtpVerb.Unknown, "")]
    public void ParsesVerbAndArgument(string line, SmtpVerb verb, string argument)
    {
        var result = SmtpCommandParser.Parse(Encoding.ASCII.GetBytes(line));
        Assert.NotNull(result.Command);
        Assert.Equal(verb, result.Command.Verb);
        Assert.Equal(argument, result.Command.Argument);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', 0 })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', 0, (byte)'O', (byte)'P' })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)'\r', (byte)'X' })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xC0 })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0xE9 })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', (byte)' ', 0x7F })]
    public void ControlOctetsAndInvalidUtf8AreSyntaxErrors(byte[] line)
    {
        var result = SmtpCommandParser.Parse(line);
        Assert.Null(result.Command);
        Assert.Equal(SmtpReplyCode.SyntaxError500, result.Error!.Code);
        Assert.Equal(EnhancedStatusCode.SyntaxError, result.Error.Status);
    }

    [Fact]
    public void EmptyLineIsUnknownCommand()
    {
        var result = SmtpCommandParser.Parse([]);
        Assert.Equal(SmtpReply.UnknownCommand, result.Error);
    }

    [Fact]
    public void ValidUtf8IsPassedOnForTheArgumentParser()
    {
        var result = SmtpCommandParser.Parse(Encoding.UTF8.GetBytes("MAIL FROM:<jöran@example.net>"));
        Assert.Equal("FROM:<jöran@example.net>", result.Command!.Argument);
    }
}
