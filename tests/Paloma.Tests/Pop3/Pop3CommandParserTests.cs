using System.Text;
using Paloma.Pop3.Protocol;

namespace Paloma.Tests.Pop3;

public sealed class Pop3CommandParserTests
{
    [Theory]
    [InlineData("STAT", Pop3Verb.Stat, null, null, 0)]
    [InlineData("stat", Pop3Verb.Stat, null, null, 0)]
    [InlineData("CAPA", Pop3Verb.Capa, null, null, 0)]
    [InlineData("NOOP", Pop3Verb.Noop, null, null, 0)]
    [InlineData("RSET", Pop3Verb.Rset, null, null, 0)]
    [InlineData("QUIT", Pop3Verb.Quit, null, null, 0)]
    [InlineData("USER alice@example.com", Pop3Verb.User, "alice@example.com", null, 0)]
    [InlineData("PASS pass with spaces ", Pop3Verb.Pass, "pass with spaces ", null, 0)]
    [InlineData("LIST", Pop3Verb.List, null, null, 0)]
    [InlineData("LIST 3", Pop3Verb.List, null, 3, 0)]
    [InlineData("uidl 007", Pop3Verb.Uidl, null, 7, 0)]
    [InlineData("RETR 1", Pop3Verb.Retr, null, 1, 0)]
    [InlineData("DELE 2", Pop3Verb.Dele, null, 2, 0)]
    [InlineData("TOP 1 0", Pop3Verb.Top, null, 1, 0)]
    [InlineData("TOP 1 25", Pop3Verb.Top, null, 1, 25)]
    [InlineData("TOP 1 99999999999999", Pop3Verb.Top, null, 1, int.MaxValue)]
    public void ValidCommandsParse(string line, Pop3Verb verb, string? text, int? number, int lines)
    {
        var command = Pop3CommandParser.Parse(Encoding.UTF8.GetBytes(line));
        Assert.Equal(new Pop3Command(verb, text, number, lines), command);
    }

    [Theory]
    [InlineData("", Pop3Error.UnknownCommand)]
    [InlineData("XYZZY", Pop3Error.UnknownCommand)]
    [InlineData("APOP alice 0123456789abcdef", Pop3Error.UnknownCommand)]
    [InlineData("STLS now", Pop3Error.TooManyArguments)]
    [InlineData(" STAT", Pop3Error.UnknownCommand)]
    [InlineData("STAT 1", Pop3Error.TooManyArguments)]
    [InlineData("USER", Pop3Error.MissingArgument)]
    [InlineData("USER a b", Pop3Error.TooManyArguments)]
    [InlineData("PASS", Pop3Error.MissingArgument)]
    [InlineData("PASS ", Pop3Error.MissingArgument)]
    [InlineData("RETR", Pop3Error.MissingArgument)]
    [InlineData("RETR x", Pop3Error.NotANumber)]
    [InlineData("RETR -1", Pop3Error.NotANumber)]
    [InlineData("RETR +1", Pop3Error.NotANumber)]
    [InlineData("RETR 0", Pop3Error.MessageNumberZero)]
    [InlineData("RETR 000", Pop3Error.MessageNumberZero)]
    [InlineData("RETR 1 2", Pop3Error.TooManyArguments)]
    [InlineData("RETR 99999999999999999999", Pop3Error.NoSuchMessage)]
    [InlineData("DELE", Pop3Error.MissingArgument)]
    [InlineData("LIST 1 2", Pop3Error.TooManyArguments)]
    [InlineData("UIDL a", Pop3Error.NotANumber)]
    [InlineData("TOP", Pop3Error.MissingArgument)]
    [InlineData("TOP 1", Pop3Error.MissingArgument)]
    [InlineData("TOP 1 x", Pop3Error.NotANumber)]
    [InlineData("TOP 1 -1", Pop3Error.NotANumber)]
    [InlineData("TOP 0 1", Pop3Error.MessageNumberZero)]
    [InlineData("TOP 1 2 3", Pop3Error.TooManyArguments)]
    [InlineData("NOOP\0", Pop3Error.NulOctet)]
    [InlineData("USER al\0ice", Pop3Error.NulOctet)]
    [InlineData("NOOP\r", Pop3Error.ControlCharacter)]
    [InlineData("LIST\t1", Pop3Error.ControlCharacter)]
    public void MalformedCommandsGiveTheirReason(string line, Pop3Error expected)
    {
        var e = Assert.Throws<Pop3ProtocolException>(() => Pop3CommandParser.Parse(Encoding.Latin1.GetBytes(line)));
        Assert.Equal(expected, e.Error);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'U', (byte)'S', (byte)'E', (byte)'R', (byte)' ', 0xC0, (byte)'a' })]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'O', (byte)'P', 0xFF })]
    [InlineData(new byte[] { 0xE9 })]
    public void NonUtf8OctetsAreRefused(byte[] line)
    {
        var e = Assert.Throws<Pop3ProtocolException>(() => Pop3CommandParser.Parse(line));
        Assert.Equal(Pop3Error.InvalidUtf8, e.Error);
    }

    [Fact]
    public void Utf8UserNamesAreAccepted()
    {
        var command = Pop3CommandParser.Parse(Encoding.UTF8.GetBytes("USER jörg@example.com"));
        Assert.Equal("jörg@example.com", command.Text);
    }

    [Fact]
    public void PasswordNeverAppearsInLogText()
    {
        var command = Pop3CommandParser.Parse(Encoding.UTF8.GetBytes("PASS Secret-1"));
        Assert.DoesNotContain("Secret", command.ToString());
    }

    [Fact]
    public void EveryErrorHasReplyText()
    {
        foreach (var error in Enum.GetValues<Pop3Error>())
        {
            var reply = Encoding.UTF8.GetString(Pop3Responses.Error(error));
            Assert.StartsWith("-ERR ", reply);
            Assert.EndsWith("\r\n", reply);
            Assert.True(reply.Length <= 512, "RFC 2449 §4: first response line at most 512 octets");
        }
    }
}
