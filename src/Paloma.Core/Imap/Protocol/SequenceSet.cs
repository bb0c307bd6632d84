namespace Paloma.Imap.Protocol;

/// <summary>
/// A sequence-set (RFC 3501 §9): ranges of message sequence numbers or UIDs, where "*" stands for the largest
/// number in use. Ranges may be written in either order ("4:2" is "2:4", §9 seq-range).
/// </summary>
public sealed class SequenceSet
{
    /// <summary>The value that stands for "*" until the set is resolved against a mailbox.</summary>
    public const uint Star = uint.MaxValue;

    private SequenceSet(IReadOnlyList<(uint First, uint Last)> ranges, bool saved = false)
    {
        Ranges = ranges;
        Saved = saved;
    }

    public IReadOnlyList<(uint First, uint Last)> Ranges { get; }

    /// <summary>"$": the UIDs saved by the last SEARCH RETURN (SAVE) (RFC 5182 §2.1); resolved by the session.
    /// </summary>
    public bool Saved { get; }

    public static SequenceSet Single(uint value) => new([(value, value)]);

    public static SequenceSet Parse(ref ImapTokenReader reader)
    {
        if (reader.TryTake((byte)'$'))
        {
            return new SequenceSet([], saved: true);
        }

        var ranges = new List<(uint, uint)>();
        do
        {
            var first = Number(ref reader);
            var last = first;
            if (reader.TryTake((byte)':'))
            {
                last = Number(ref reader);
            }

            ranges.Add(first <= last ? (first, last) : (last, first));
        }
        while (reader.TryTake((byte)','));

        return new SequenceSet(ranges);
    }

    private static uint Number(ref ImapTokenReader reader)
    {
        if (reader.TryTake((byte)'*'))
        {
            return Star;
        }

        if (reader.Peek() is < (byte)'0' or > (byte)'9')
        {
            ImapSyntaxException.Throw("invalid sequence set");
        }

        return reader.NzNumber();
    }

    /// <summary>True when <paramref name="value"/> is in the set, "*" meaning <paramref name="largest"/>.</summary>
    public bool Contains(uint value, uint largest)
    {
        foreach (var (first, last) in Ranges)
        {
            var (a, b) = (Resolve(first, largest), Resolve(last, largest));
            if (a > b)
            {
                (a, b) = (b, a);
            }

            if (value >= a && value <= b)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ranges with "*" as <paramref name="largest"/>, each in ascending order, sorted and with
    /// overlapping or adjacent ones merged: the same numbers as <see cref="Contains"/>, each once.</summary>
    public List<(uint First, uint Last)> Intervals(uint largest)
    {
        var sorted = new List<(uint First, uint Last)>(Ranges.Count);
        foreach (var (first, last) in Ranges)
        {
            var (a, b) = (Resolve(first, largest), Resolve(last, largest));
            sorted.Add(a <= b ? (a, b) : (b, a));
        }

        sorted.Sort();
        var merged = new List<(uint First, uint Last)>(sorted.Count);
        foreach (var range in sorted)
        {
            if (merged.Count > 0 && (ulong)range.First <= (ulong)merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    /// <summary>The largest explicit number in the set ("*" excluded), to check sequence numbers exist.</summary>
    public uint MaxExplicit() => Ranges.SelectMany(r => new[] { r.First, r.Last }).Where(v => v != Star)
        .DefaultIfEmpty(0u).Max();

    private static uint Resolve(uint value, uint largest) => value == Star ? largest : value;

    public override string ToString() => Saved ? "$" : string.Join(",", Ranges.Select(r => r.First == r.Last
        ? Text(r.First)
        : Text(r.First) + ":" + Text(r.Last)));

    private static string Text(uint v) =>
        v == Star ? "*" : v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Writes an ascending list of numbers compactly ("1:3,7").</summary>
    public static string Format(IEnumerable<uint> ascending)
    {
        var parts = new List<string>();
        uint? start = null;
        uint prev = 0;
        foreach (var v in ascending)
        {
            if (start is not null && v == prev + 1)
            {
                prev = v;
                continue;
            }

            if (start is not null)
            {
                parts.Add(start == prev ? $"{start}" : $"{start}:{prev}");
            }

            start = v;
            prev = v;
        }

        if (start is not null)
        {
            parts.Add(start == prev ? $"{start}" : $"{start}:{prev}");
        }

        return string.Join(",", parts);
    }
}
