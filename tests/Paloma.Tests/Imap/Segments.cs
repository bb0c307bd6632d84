using System.Buffers;

namespace Paloma.Tests.Imap;

/// <summary>Builds a ReadOnlySequence of one-octet segments, to test parsers at every boundary.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segments(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            var next = new Segments(bytes.AsMemory(i, 1), i);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }
}
