using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

public sealed class ChannelBindingTests
{
    [Theory]
    [InlineData("SHA256", 32)]
    [InlineData("SHA384", 48)]
    [InlineData("SHA512", 64)]
    public void TlsServerEndPointHashesTheCertificateWithItsSignatureHash(string hash, int length)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=mx.example.com", key, new HashAlgorithmName(hash),
            RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var binding = ChannelBinding.TlsServerEndPoint(certificate);
        Assert.Equal("tls-server-end-point", binding.Type);
        Assert.Equal(length, binding.Data.Length);
        var expected = hash switch
        {
            "SHA384" => SHA384.HashData(certificate.RawData),
            "SHA512" => SHA512.HashData(certificate.RawData),
            _ => SHA256.HashData(certificate.RawData),
        };
        Assert.Equal(expected, binding.Data.ToArray());
    }

    [Fact]
    public void DataIsCopiedSoTheCallerCannotChangeIt()
    {
        var data = new byte[32];
        var binding = ChannelBinding.TlsExporter(data);
        data[0] = 1;
        Assert.Equal(0, binding.Data[0]);
    }
}
