using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Paloma.Sasl;

/// <summary>
/// The CRAM-MD5 secret in the form Dovecot's CRAM-MD5 scheme keeps it: the MD5 chaining states after the
/// HMAC-MD5 inner block (key XOR ipad) and outer block (key XOR opad), RFC 2104 §2. Any HMAC-MD5 under the
/// password can be finished from them, so the plaintext need not be stored, but they are password-equivalent
/// for CRAM-MD5.
/// </summary>
public sealed class CramMd5Secret
{
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5C;

    private readonly uint[] _inner;
    private readonly uint[] _outer;

    private CramMd5Secret(uint[] inner, uint[] outer)
    {
        _inner = inner;
        _outer = outer;
    }

    /// <summary>Precomputes the contexts for a (SASLprep-normalised) password.</summary>
    public static CramMd5Secret FromPassword(ReadOnlySpan<byte> password)
    {
        // RFC 2104 §2: keys longer than the block are hashed first; shorter ones are zero-padded.
        Span<byte> key = stackalloc byte[Md5Block.BlockSize];
        key.Clear();
        if (password.Length > Md5Block.BlockSize)
        {
            MD5.HashData(password, key);
        }
        else
        {
            password.CopyTo(key);
        }

        var inner = PadState(key, InnerPad);
        var outer = PadState(key, OuterPad);
        CryptographicOperations.ZeroMemory(key);
        return new CramMd5Secret(inner, outer);
    }

    /// <summary>Reads the 32-octet form: inner A, B, C, D then outer A, B, C, D, each little-endian.</summary>
    public static CramMd5Secret FromBytes(ReadOnlySpan<byte> contexts)
    {
        if (contexts.Length != 32)
        {
            throw new FormatException("a CRAM-MD5 secret is 32 octets");
        }

        var words = new uint[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32LittleEndian(contexts.Slice(i * 4, 4));
        }

        return new CramMd5Secret(words[..4], words[4..]);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4, 4), _inner[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16 + i * 4, 4), _outer[i]);
        }

        return bytes;
    }

    /// <summary>HMAC-MD5(password, <paramref name="message"/>), finished from the stored contexts.</summary>
    public byte[] ComputeHmac(ReadOnlySpan<byte> message)
    {
        var innerDigest = Md5Block.Finish(_inner, Md5Block.BlockSize, message);
        return Md5Block.Finish(_outer, Md5Block.BlockSize, innerDigest);
    }

    private static uint[] PadState(ReadOnlySpan<byte> key, byte pad)
    {
        Span<byte> block = stackalloc byte[Md5Block.BlockSize];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = (byte)(key[i] ^ pad);
        }

        var state = Md5Block.InitialState();
        Md5Block.Compress(state, block);
        CryptographicOperations.ZeroMemory(block);
        return state;
    }
}
