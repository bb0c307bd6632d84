using System.Buffers;
using System.Text;
using Paloma.Pop3.Protocol;

namespace Paloma.Tests.Pop3;

public sealed class Pop3DotStufferTests
{
    public static TheoryData<string, string> Shapes => new()
    {
        { "", ".\r\n" },
        { "a\r\n", "a\r\n.\r\n" },
        { ".\r\n", "..\r\n.\r\n" },
        { "..\r\n", "...\r\n.\r\n" },
        { ".x\r\n", "..x\r\n.\r\n" },
        { "a.\r\n.b\r\n", "a.\r\n..b\r\n.\r\n" },
        { "a\nb\n", "a\r\nb\r\n.\r\n" },
        { ".\n.\n", "..\r\n..\r\n.\r\n" },
        { "no terminator", "no terminator\r\n.\r\n" },
        { "last .", "last .\r\n.\r\n" },
        { ".", "..\r\n.\r\n" },
        { "ends in cr\r", "ends in cr\r\n.\r\n" },
        { "bare\rcr\r\n", "bare\rcr\r\n.\r\n" },
        { "\r.x\r\n", "\r.x\r\n.\r\n" },
        { "\r\n\r\n.\r\n", "\r\n\r\n..\r\n.\r\n" },
        { "Subject: c25\r\n\r\n.leading\r\n..two\r\n.\r\nend\r\n",
            "Subject: c25\r\n\r\n..leading\r\n...two\r\n..\r\nend\r\n.\r\n" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StuffsEveryLineShapeWhateverTheChunking(string stored, string wire)
    {
        var input = Encoding.Latin1.GetBytes(stored);
        for (var size = 1; size <= Math.Max(1, input.Length); size++)
        {
            Assert.Equal(wire, Encode(input, size, null));
        }

        // Every single split point, as two chunks.
        for (var split = 0; split <= input.Length; split++)
        {
            Assert.Equal(wire, EncodeSplit(input, split, null));
        }
    }

    public static TheoryData<string, int, string> TopShapes => new()
    {
        { "H: 1\r\nH: 2\r\n\r\nb1\r\nb2\r\nb3\r\n", 0, "H: 1\r\nH: 2\r\n\r\n.\r\n" },
        { "H: 1\r\n\r\nb1\r\nb2\r\nb3\r\n", 2, "H: 1\r\n\r\nb1\r\nb2\r\n.\r\n" },
        { "H: 1\r\n\r\nb1\r\n", 10, "H: 1\r\n\r\nb1\r\n.\r\n" },
        { "H: 1\n\n.b1\n..b2\nb3", 2, "H: 1\r\n\r\n..b1\r\n...b2\r\n.\r\n" },
        { "H: 1\r\nH: 2", 0, "H: 1\r\nH: 2\r\n.\r\n" },
        { "H: 1\r\n\r\nlast", 5, "H: 1\r\n\r\nlast\r\n.\r\n" },
        { "Subject: c25\r\n\r\n.leading\r\n..two\r\n.\r\nend\r\n", 3,
            "Subject: c25\r\n\r\n..leading\r\n...two\r\n..\r\n.\r\n" },
    };

    [Theory]
    [MemberData(nameof(TopShapes))]
    public void TopStopsAfterHeaderAndBodyLines(string stored, int lines, string wire)
    {
        var input = Encoding.Latin1.GetBytes(stored);
        for (var size = 1; size <= input.Length; size++)
        {
            Assert.Equal(wire, Encode(input, size, lines));
        }
    }

    [Fact]
    public void LargeInputIsStuffedAcrossManyChunks()
    {
        var line = ".line of text\n";
        var stored = string.Concat(Enumerable.Repeat(line, 10_000));
        var expected = string.Concat(Enumerable.Repeat("..line of text\r\n", 10_000)) + ".\r\n";
        Assert.Equal(expected, Encode(Encoding.ASCII.GetBytes(stored), 4096, null));
    }

    private static string Encode(byte[] input, int chunk, int? lines)
    {
        var stuffer = new Pop3DotStuffer(lines);
        var output = new ArrayBufferWriter<byte>();
        for (var i = 0; i < input.Length; i += chunk)
        {
            stuffer.Encode(input.AsSpan(i, Math.Min(chunk, input.Length - i)), output);
        }

        stuffer.Finish(output);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private static string EncodeSplit(byte[] input, int split, int? lines)
    {
        var stuffer = new Pop3DotStuffer(lines);
        var output = new ArrayBufferWriter<byte>();
        stuffer.Encode(input.AsSpan(0, split), output);
        stuffer.Encode(input.AsSpan(split), output);
        stuffer.Finish(output);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }
}
