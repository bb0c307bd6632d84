using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Paloma.Policy;

/// <summary>Access entries keyed by network (address and prefix length). A lookup tries the prefix lengths
/// present in the table from the longest down, so the most specific network wins, with no allocation:
/// addresses are held as integers and masked.</summary>
internal sealed class IpNetworkTable
{
    private readonly Dictionary<(int Length, UInt128 Network), AccessEntry> _v4 = [];
    private readonly Dictionary<(int Length, UInt128 Network), AccessEntry> _v6 = [];
    private int[] _v4Lengths = [];
    private int[] _v6Lengths = [];

    public bool IsEmpty => _v4.Count == 0 && _v6.Count == 0;

    /// <summary>Adds or replaces the entry for a network; host bits of <paramref name="network"/> are cleared.
    /// Returns false when the same network was already present.</summary>
    public bool Set(IPAddress network, int prefixLength, AccessEntry entry)
    {
        var (table, width) = Select(network);
        var key = (prefixLength, Mask(ToInteger(network), prefixLength, width));
        var isNew = !table.ContainsKey(key);
        table[key] = entry;
        return isNew;
    }

    /// <summary>Computes the prefix lengths to try; call once after the last <see cref="Set"/>.</summary>
    public void Freeze()
    {
        _v4Lengths = Lengths(_v4);
        _v6Lengths = Lengths(_v6);
    }

    public IEnumerable<AccessEntry> Entries => _v4.Values.Concat(_v6.Values);

    /// <summary>The entry for the longest network containing the address, or null.</summary>
    public AccessEntry? Find(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var (table, width) = Select(address);
        if (table.Count == 0)
        {
            return null;
        }

        var lengths = width == 32 ? _v4Lengths : _v6Lengths;
        var value = ToInteger(address);
        foreach (var length in lengths)
        {
            if (table.TryGetValue((length, Mask(value, length, width)), out var entry))
            {
                return entry;
            }
        }

        return null;
    }

    private (Dictionary<(int, UInt128), AccessEntry> Table, int Width) Select(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? (_v4, 32) : (_v6, 128);

    private static UInt128 ToInteger(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static UInt128 Mask(UInt128 value, int length, int width)
    {
        if (length == 0)
        {
            return UInt128.Zero;
        }

        var all = width == 32 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        return value & ((all << (width - length)) & all);
    }

    private static int[] Lengths(Dictionary<(int Length, UInt128 Network), AccessEntry> table) =>
        [.. table.Keys.Select(k => k.Length).Distinct().OrderDescending()];
}
