using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Paloma.Tests.Support;

/// <summary>
/// A minimal authoritative DNS responder on 127.0.0.1 (UDP, OS-chosen port) for the queue's MX tests and the SMTP
/// client name checks: answers MX, A, AAAA and PTR from the records added, NXDOMAIN for names marked missing,
/// SERVFAIL for names marked broken, and an empty answer otherwise.
/// </summary>
public sealed class FakeDnsServer : IAsyncDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypePtr = 12;
    private const ushort TypeMx = 15;
    private const ushort TypeAaaa = 28;

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string, ushort), List<byte[]>> _records = [];
    private readonly HashSet<string> _missing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _broken = new(StringComparer.OrdinalIgnoreCase);
    private readonly Task _loop;

    public FakeDnsServer()
    {
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public FakeDnsServer Mx(string domain, ushort preference, string exchange)
    {
        var name = EncodeName(exchange);
        var data = new byte[2 + name.Length];
        BinaryPrimitives.WriteUInt16BigEndian(data, preference);
        name.CopyTo(data, 2);
        return Add(domain, TypeMx, data);
    }

    public FakeDnsServer A(string host, IPAddress address) =>
        Add(host, address.AddressFamily == AddressFamily.InterNetworkV6 ? TypeAaaa : TypeA, address.GetAddressBytes());

    /// <summary>A PTR record for <paramref name="address"/> (in in-addr.arpa or ip6.arpa) naming
    /// <paramref name="host"/>.</summary>
    public FakeDnsServer Ptr(IPAddress address, string host) => Add(ReverseName(address), TypePtr, EncodeName(host));

    /// <summary>RFC 1035 §3.5 and RFC 3596 §2.5: the name under which an address's PTR record lives.</summary>
    public static string ReverseName(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return string.Join('.', bytes.Reverse()) + ".in-addr.arpa";
        }

        var nibbles = bytes.SelectMany(b => new[] { b >> 4, b & 0xF }).Reverse()
            .Select(n => n.ToString("x", CultureInfo.InvariantCulture));
        return string.Join('.', nibbles) + ".ip6.arpa";
    }

    public FakeDnsServer NxDomain(string name)
    {
        lock (_records)
        {
            _missing.Add(name);
        }

        return this;
    }

    public FakeDnsServer ServFail(string name)
    {
        lock (_records)
        {
            _broken.Add(name);
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private FakeDnsServer Add(string name, ushort type, byte[] data)
    {
        lock (_records)
        {
            var key = (name.ToLowerInvariant().TrimEnd('.'), type);
            if (!_records.TryGetValue(key, out var list))
            {
                _records[key] = list = [];
            }

            list.Add(data);
        }

        return this;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var request = await _udp.ReceiveAsync(_stop.Token);
            var response = Answer(request.Buffer);
            if (response is not null)
            {
                await _udp.SendAsync(response, request.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[]? Answer(byte[] query)
    {
        if (query.Length < 12)
        {
            return null;
        }

        // The question: a sequence of labels, then type and class.
        var offset = 12;
        var labels = new List<string>();
        while (offset < query.Length && query[offset] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, offset + 1, query[offset]));
            offset += query[offset] + 1;
        }

        offset++;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(offset));
        var questionEnd = offset + 4;
        var name = string.Join('.', labels).ToLowerInvariant();

        List<byte[]> answers;
        int rcode;
        lock (_records)
        {
            rcode = _broken.Contains(name) ? 2 : _missing.Contains(name) ? 3 : 0;
            answers = rcode == 0 && _records.TryGetValue((name, type), out var list) ? [.. list] : [];
        }

        var response = new List<byte>(query[..questionEnd]);
        // QR, AA, RD as asked, RA; the response code; one question; the answers.
        response[2] = (byte)(0x84 | (query[2] & 0x01));
        response[3] = (byte)(0x80 | rcode);
        response[6] = 0;
        response[7] = (byte)answers.Count;
        for (var i = 8; i < 12; i++)
        {
            response[i] = 0;
        }

        foreach (var data in answers)
        {
            response.AddRange([0xC0, 12]); // a pointer to the name in the question
            response.AddRange([(byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 60]);
            response.AddRange([(byte)(data.Length >> 8), (byte)data.Length]);
            response.AddRange(data);
        }

        return [.. response];
    }

    private static byte[] EncodeName(string name)
    {
        var bytes = new List<byte>();
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            bytes.Add((byte)label.Length);
            bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }

        bytes.Add(0);
        return [.. bytes];
    }
}
