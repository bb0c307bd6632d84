using System.IO.Pipelines;
using System.Text;
using Paloma.Net;

namespace Paloma.Tests.Net;

public sealed class LineReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task LinesSurviveEverySegmentSize(int segment)
    {
        var lines = await ReadAllAsync("NOOP\r\nbare\nx\r\n\r\n" + new string('a', 40) + "\r\nlast", segment, 64);
        Assert.Equal(
        [
            "Line:NOOP:crlf", "Line:bare:lf", "Line:x:crlf", "Line::crlf", "Line:" + new string('a', 40) + ":crlf",
            "EndOfStream::crlf",
        ], lines);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task OverLongLineIsSkippedWholeAndTheNextLineIsRead(int segment)
    {
        var lines = await ReadAllAsync(new string('x', 50) + "\r\nok\r\n", segment, 10);
        Assert.Equal(["TooLong::crlf", "Line:ok:crlf", "EndOfStream::crlf"], lines);
    }

    [Fact]
    public async Task LineOfExactlyTheLimitIsAccepted()
    {
        var lines = await ReadAllAsync(new string('y', 10) + "\r\n" + new string('z', 11) + "\r\n", 3, 10);
        Assert.Equal(["Line:" + new string('y', 10) + ":crlf", "TooLong::crlf", "EndOfStream::crlf"], lines);
    }

    private static async Task<List<string>> ReadAllAsync(string input, int segment, int maxLength)
    {
        var pipe = new Pipe();
        var bytes = Encoding.ASCII.GetBytes(input);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i += segment)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(segment, bytes.Length - i)));
            }

            await pipe.Writer.CompleteAsync();
        });

        var reader = new LineReader(pipe.Reader);
        var results = new List<string>();
        while (true)
        {
            var line = await reader.ReadLineAsync(maxLength, CancellationToken.None);
            results.Add($"{line.Status}:{Encoding.ASCII.GetString(line.Text)}:{(line.BareLf ? "lf" : "crlf")}");
            if (line.Status == LineStatus.EndOfStream)
            {
                break;
            }
        }

        await writer;
        return results;
    }
}
