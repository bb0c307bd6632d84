using System.Security.Cryptography;
using System.Text;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

/// <summary>An independent client-side ClientProof (RFC 5802 §3), for exchanges MailKit cannot produce.</summary>
internal static class ScramProof
{
    public static byte[] Compute(ScramHashAlgorithm algorithm, string password, byte[] salt, int iterations,
        string authMessage)
    {
        var name = algorithm == ScramHashAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var length = algorithm == ScramHashAlgorithm.Sha1 ? 20 : 32;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, name, length);
        using var hmacSalted = IncrementalHash.CreateHMAC(name, salted);
        hmacSalted.AppendData("Client Key"u8);
        var clientKey = hmacSalted.GetHashAndReset();
        var storedKey = algorithm == ScramHashAlgorithm.Sha1 ? SHA1.HashData(clientKey) : SHA256.HashData(clientKey);
        using var hmacStored = IncrementalHash.CreateHMAC(name, storedKey);
        hmacStored.AppendData(Encoding.UTF8.GetBytes(authMessage));
        var signature = hmacStored.GetHashAndReset();
        return clientKey.Zip(signature, (k, s) => (byte)(k ^ s)).ToArray();
    }
}
