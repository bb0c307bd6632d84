using System.Buffers.Binary;
using System.Numerics;

namespace Paloma.Sasl;

/// <summary>
/// The MD5 compression function (RFC 1321 §3.4) with its chaining state exposed. .NET's MD5 hides the state,
/// but the CRAM-MD5 secret is exactly the state after the HMAC ipad and opad blocks, so it is done here. Used
/// only for that; everything else uses System.Security.Cryptography.MD5.
/// </summary>
internal static class Md5Block
{
    public const int BlockSize = 64;

    // RFC 1321 §3.4: per-round shift amounts.
    private static readonly int[] s_shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    // RFC 1321 §3.4: T[i] = floor(2^32 * abs(sin(i + 1))), computed once rather than typed in.
    private static readonly uint[] s_sines =
        Enumerable.Range(1, 64).Select(i => (uint)(long)Math.Floor(Math.Abs(Math.Sin(i)) * 4294967296.0)).ToArray();

    /// <summary>RFC 1321 §3.3: words A, B, C, D.</summary>
    public static uint[] InitialState() => [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476];

    /// <summary>Processes one 64-octet block into <paramref name="state"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> x = stackalloc uint[16];
        for (var i = 0; i < 16; i++)
        {
            x[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4, 4));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3];
        for (var i = 0; i < 64; i++)
        {
            uint f;
            int g;
            switch (i / 16)
            {
                case 0:
                    f = (b & c) | (~b & d);
                    g = i;
                    break;
                case 1:
                    f = (d & b) | (~d & c);
                    g = (5 * i + 1) % 16;
                    break;
                case 2:
                    f = b ^ c ^ d;
                    g = (3 * i + 5) % 16;
                    break;
                default:
                    f = c ^ (b | ~d);
                    g = 7 * i % 16;
                    break;
            }

            var rotated = BitOperations.RotateLeft(a + f + s_sines[i] + x[g], s_shifts[i]);
            a = d;
            d = c;
            c = b;
            b += rotated;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
    }

    /// <summary>Finishes a hash whose first <paramref name="processed"/> octets (a multiple of 64) are already
    /// in <paramref name="state"/>, by adding <paramref name="rest"/> and the RFC 1321 §3.1-3.2 padding.</summary>
    public static byte[] Finish(ReadOnlySpan<uint> state, long processed, ReadOnlySpan<byte> rest)
    {
        Span<uint> h = stackalloc uint[4];
        state.CopyTo(h);
        var whole = rest.Length / BlockSize * BlockSize;
        for (var i = 0; i < whole; i += BlockSize)
        {
            Compress(h, rest.Slice(i, BlockSize));
        }

        var tailLength = rest.Length - whole;
        Span<byte> tail = stackalloc byte[BlockSize * 2];
        tail.Clear();
        rest[whole..].CopyTo(tail);
        tail[tailLength] = 0x80;
        var tailBlocks = tailLength + 1 + 8 <= BlockSize ? 1 : 2;
        var bitLength = (ulong)(processed + rest.Length) * 8;
        BinaryPrimitives.WriteUInt64LittleEndian(tail.Slice(tailBlocks * BlockSize - 8, 8), bitLength);
        for (var i = 0; i < tailBlocks; i++)
        {
            Compress(h, tail.Slice(i * BlockSize, BlockSize));
        }

        var digest = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(digest.AsSpan(i * 4, 4), h[i]);
        }

        return digest;
    }

    /// <summary>A whole MD5 digest; exists so tests can hold this implementation against the platform's.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data) => Finish(InitialState(), 0, data);
}
