using System.Security.Cryptography;

namespace Paloma.Hosting;

/// <summary>Short random session ids: unique enough to grep a day of logs, short enough for a reply line.</summary>
public static class SessionId
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    public static string New()
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[random[i] % Alphabet.Length];
        }

        return new string(chars);
    }
}
