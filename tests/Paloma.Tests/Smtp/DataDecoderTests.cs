using System.Text;
using Paloma.Smtp.Protocol;

namespace Paloma.Tests.Smtp;

public sealed class DataDecoderTests
{
    public static TheoryData<string, string> Messages => new()
    {
        { ".\r\n", "" },
        { "Subject: x\r\n\r\nbody\r\n.\r\n", "Subject: x\r\n\r\nbody\r\n" },
        { "..\r\nSubject: c08\r\n\r\n..leading\r\n...two\r\n.\r\n", ".\r\nSubject: c08\r\n\r\n.leading\r\n..two\r\n" },
        { "a\r\n.b\r\n.\r\n", "a\r\nb\r\n" },
        { "a.\r\n.\r\n", "a.\r\n" },
        { "\r\n\r\n.\r\n", "\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void UnstuffsAndStopsAtEndOfData(string wire, string content)
    {
        var (output, decoder, consumed) = DecodeWhole(Bytes(wire + "TRAILING"));
        Assert.True(decoder.IsComplete);
        Assert.Equal(wire.Length, consumed);
        Assert.Equal(content, output);
        Assert.False(decoder.SawBareLineEnd);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void GivesTheSameResultForEverySplit(string wire, string content)
    {
        var bytes = Bytes(wire);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var (output, decoder) = DecodeInPieces(bytes, [split]);
            Assert.True(decoder.IsComplete, $"split at {split}");
            Assert.Equal(content, output);
        }

        var (oneByOne, last) = DecodeInPieces(bytes, Enumerable.Range(1, bytes.Length).ToArray());
        Assert.True(last.IsComplete);
        Assert.Equal(content, oneByOne);
    }

    [Fact]
    public void RandomSplitsOfALongMessageGiveTheSameContent()
    {
        var random = new Random(5321);
        var body = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            body.Append(random.Next(4) == 0 ? ".." : "").Append(new string('x', random.Next(0, 80))).Append("\r\n");
        }

        var wire = Bytes(body + ".\r\n");
        var expected = DecodeWhole(wire).Output;
        for (var round = 0; round < 50; round++)
        {
            var cuts = Enumerable.Range(0, 20).Select(_ => random.Next(wire.Length)).Order().ToArray();
            Assert.Equal(expected, DecodeInPieces(wire, cuts).Output);
        }
    }

    [Fact]
    public void EveryProperPrefixIsIncomplete()
    {
        var bytes = Bytes("..\r\nSubject: c08\r\n\r\nbody\r\n.\r\n");
        for (var length = 0; length < bytes.Length; length++)
        {
            var (_, decoder, consumed) = DecodeWhole(bytes[..length]);
            Assert.False(decoder.IsComplete, $"prefix of {length}");
            Assert.Equal(length, consumed);
        }
    }

    [Theory]
    [InlineData("hello\n.\r\nMAIL FROM:<x@y.z>\r\n.\r\n")]
    [InlineData("hello\n.\nMAIL FROM:<x@y.z>\r\n.\r\n")]
    [InlineData("hello\r\n.\nMAIL FROM:<x@y.z>\r\n.\r\n")]
    [InlineData("hello\r.\r\nMAIL FROM:<x@y.z>\r\n.\r\n")]
    [InlineData("hello\r\n.\r.\r\nx\r\n.\r\n")]
    [InlineData("a\rb\r\n.\r\n")]
    [InlineData("a\nb\r\n.\r\n")]
    public void BareLineEndsNeverEndTheDataAndAreFlagged(string wire)
    {
        var bytes = Bytes(wire);
        foreach (var pieces in new[] { Array.Empty<int>(), Enumerable.Range(1, bytes.Length).ToArray() })
        {
            var (_, decoder) = DecodeInPieces(bytes, pieces);
            Assert.True(decoder.IsComplete);
            Assert.True(decoder.SawBareLineEnd);
        }

        // Only the final CRLF.CRLF ends it: everything was consumed.
        Assert.Equal(bytes.Length, DecodeWhole(Bytes(wire + "NEXT")).Consumed);
    }

    [Fact]
    public void LineOf998OctetsIsFineAnd999IsTooLong()
    {
        var ok = DecodeWhole(Bytes(new string('a', 998) + "\r\n." + new string('b', 998) + "\r\n.\r\n")).Decoder;
        Assert.False(ok.LineTooLong);
        var long1 = DecodeWhole(Bytes(new string('a', 999) + "\r\n.\r\n")).Decoder;
        Assert.True(long1.LineTooLong);
    }

    [Fact]
    public void NulIsFlaggedAndKept()
    {
        var (output, decoder, _) = DecodeWhole(Bytes("before\0after\r\n.\r\n"));
        Assert.True(decoder.SawNul);
        Assert.Equal("before\0after\r\n", output);
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static (string Output, DataDecoder Decoder, int Consumed) DecodeWhole(byte[] input)
    {
        var decoder = new DataDecoder();
        var output = new byte[input.Length + 1];
        var (consumed, written) = decoder.Decode(input, output);
        return (Encoding.Latin1.GetString(output, 0, written), decoder, consumed);
    }

    private static (string Output, DataDecoder Decoder) DecodeInPieces(byte[] input, int[] cuts)
    {
        var decoder = new DataDecoder();
        var result = new StringBuilder();
        var start = 0;
        foreach (var cut in cuts.Append(input.Length))
        {
            var piece = input[start..Math.Max(start, cut)];
            var output = new byte[piece.Length + 1];
            var (consumed, written) = decoder.Decode(piece, output);
            result.Append(Encoding.Latin1.GetString(output, 0, written));
            start += consumed;
            if (decoder.IsComplete)
            {
                break;
            }
        }

        return (result.ToString(), decoder);
    }
}
