using System.Security.Cryptography;
using System.Text;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

public sealed class Md5BlockTests
{
    public static TheoryData<int> Lengths => new() { 0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000 };

    [Theory]
    [InlineData("", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a", "0cc175b9c0f1b6a831c399e269772661")]
    [InlineData("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "57edf4a22be3c955ac49da2e2107b67a")]
    public void Rfc1321TestSuite(string input, string digest)
    {
        Assert.Equal(digest, Convert.ToHexStringLower(Md5Block.Hash(Encoding.ASCII.GetBytes(input))));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MatchesThePlatformMd5AtEveryPaddingBoundary(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 7 + 3)).ToArray();
        Assert.Equal(MD5.HashData(data), Md5Block.Hash(data));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CramMd5SecretMatchesHmacMd5(int messageLength)
    {
        var message = Enumerable.Range(0, messageLength).Select(i => (byte)(255 - i)).ToArray();
        foreach (var key in new[] { "", "Secret-1", new string('k', 64), new string('k', 65), "pässwörd" })
        {
            var keyBytes = Encoding.UTF8.GetBytes(key);
            var secret = CramMd5Secret.FromPassword(keyBytes);
            Assert.Equal(HMACMD5.HashData(keyBytes, message), secret.ComputeHmac(message));
            Assert.Equal(HMACMD5.HashData(keyBytes, message),
                CramMd5Secret.FromBytes(secret.ToBytes()).ComputeHmac(message));
        }
    }

    [Fact]
    public void CramMd5SecretDoesNotContainThePassword()
    {
        var bytes = CramMd5Secret.FromPassword("Secret-1"u8).ToBytes();
        Assert.Equal(32, bytes.Length);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Secret-1"u8));
    }

    [Fact]
    public void CramMd5SecretOfWrongLengthIsRejected()
    {
        Assert.Throws<FormatException>(() => CramMd5Secret.FromBytes(new byte[31]));
    }
}
