using System.Security.Cryptography;

namespace Paloma.Sasl;

/// <summary>The H() and HMAC() of RFC 5802 §2.2 for each SCRAM hash.</summary>
internal static class ScramCrypto
{
    public static int HashLength(ScramHashAlgorithm algorithm) =>
        algorithm == ScramHashAlgorithm.Sha1 ? SHA1.HashSizeInBytes : SHA256.HashSizeInBytes;

    public static byte[] Hash(ScramHashAlgorithm algorithm, ReadOnlySpan<byte> data) =>
        algorithm == ScramHashAlgorithm.Sha1 ? SHA1.HashData(data) : SHA256.HashData(data);

    public static byte[] Hmac(ScramHashAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        algorithm == ScramHashAlgorithm.Sha1 ? HMACSHA1.HashData(key, data) : HMACSHA256.HashData(key, data);
}
