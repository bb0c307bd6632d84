using System.Net;
using MailKit.Security;
using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;
using SaslChannelBinding = Paloma.Sasl.ChannelBinding;

namespace Paloma.Tests.Sasl;

/// <summary>SCRAM-*-PLUS and the downgrade rules of RFC 5802 §6.</summary>
public sealed class ScramChannelBindingTests
{
    private static readonly byte[] s_endPointHash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    private ScramMechanism PlusServer(SaslChannelBinding? binding, ScramHashAlgorithm algorithm) =>
        new(Context(_store, binding), algorithm, plus: true, serverAdvertisesPlus: true);

    // MailKit keeps its channel-binding hook (IChannelBindingContext) internal, so the -PLUS client side here is
    // written out by hand from RFC 5802 §7, with the proof computed independently in ScramProof.
    private static Task<SaslResult> PlusExchange(ScramMechanism server, ScramHashAlgorithm algorithm,
        string cbName, byte[] cbData) =>
        ScramProof.HandExchangeAsync(server, algorithm, $"p={cbName},,", cbData, "alice@example.com", "Secret-1");

    [Theory]
    [InlineData(ScramHashAlgorithm.Sha1)]
    [InlineData(ScramHashAlgorithm.Sha256)]
    public async Task PlusClientAuthenticatesWithTlsServerEndPoint(ScramHashAlgorithm algorithm)
    {
        var binding = new SaslChannelBinding(SaslChannelBinding.TlsServerEndPointType, s_endPointHash);
        var result = await PlusExchange(PlusServer(binding, algorithm), algorithm,
            SaslChannelBinding.TlsServerEndPointType, s_endPointHash);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task PlusClientAuthenticatesWithTlsExporter()
    {
        var exporter = Enumerable.Repeat((byte)0xAB, 32).ToArray();
        var result = await PlusExchange(PlusServer(SaslChannelBinding.TlsExporter(exporter), ScramHashAlgorithm.Sha256),
            ScramHashAlgorithm.Sha256, SaslChannelBinding.TlsExporterType, exporter);
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public async Task DifferentChannelDataIsRefused()
    {
        var binding = new SaslChannelBinding(SaslChannelBinding.TlsServerEndPointType, s_endPointHash);
        var result = await PlusExchange(PlusServer(binding, ScramHashAlgorithm.Sha256), ScramHashAlgorithm.Sha256,
            SaslChannelBinding.TlsServerEndPointType, s_endPointHash.Reverse().ToArray());
        Assert.Equal(SaslErrorKind.MechanismError, result.Error?.Kind);
        Assert.Equal("channel-bindings-dont-match", result.Error?.ScramError);
    }

    [Fact]
    public async Task ChannelBindingTypeTheServerDoesNotHaveIsRefused()
    {
        var binding = SaslChannelBinding.TlsExporter(new byte[32]);
        var result = await PlusExchange(PlusServer(binding, ScramHashAlgorithm.Sha256), ScramHashAlgorithm.Sha256,
            SaslChannelBinding.TlsServerEndPointType, s_endPointHash);
        Assert.Equal("unsupported-channel-binding-type", result.Error?.ScramError);
    }

    [Fact]
    public async Task PlusWithoutChannelBindingInTheContextFails()
    {
        var result = await PlusServer(null, ScramHashAlgorithm.Sha256).StartAsync(null);
        Assert.Equal(SaslErrorKind.MechanismError, result.Error?.Kind);
    }

    [Theory]
    [InlineData("n,,n=alice@example.com,r=abc")]
    [InlineData("y,,n=alice@example.com,r=abc")]
    public async Task PlusMechanismRequiresThePFlag(string clientFirst)
    {
        var binding = SaslChannelBinding.TlsExporter(new byte[32]);
        var result = await PlusServer(binding, ScramHashAlgorithm.Sha256).StartAsync(Utf8(clientFirst));
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task NonPlusServerRefusesYWhenPlusWasAdvertised()
    {
        var server = new ScramMechanism(Context(_store), ScramHashAlgorithm.Sha256, false, serverAdvertisesPlus: true);
        var result = await server.StartAsync(Utf8("y,,n=alice@example.com,r=abc"));
        Assert.Equal(SaslErrorKind.MechanismError, result.Error?.Kind);
        Assert.Equal("server-does-support-channel-binding", result.Error?.ScramError);
    }

    [Fact]
    public async Task NonPlusServerAcceptsYWhenPlusWasNotAdvertised()
    {
        var server = new ScramMechanism(Context(_store), ScramHashAlgorithm.Sha256, false, serverAdvertisesPlus: false);
        var first = await server.StartAsync(Utf8("y,,n=alice@example.com,r=abc"));
        Assert.True(first.IsContinue, first.ToString());
    }

    [Fact]
    public async Task NonPlusServerRefusesThePFlag()
    {
        var server = new ScramMechanism(Context(_store), ScramHashAlgorithm.Sha256, false, serverAdvertisesPlus: true);
        var result = await server.StartAsync(Utf8("p=tls-exporter,,n=alice@example.com,r=abc"));
        Assert.Equal(SaslErrorKind.MechanismError, result.Error?.Kind);
        Assert.Equal("channel-binding-not-supported", result.Error?.ScramError);
    }

    [Fact]
    public async Task MailKitNonPlusClientStillWorksWhenPlusIsAdvertised()
    {
        var server = new ScramMechanism(Context(_store), ScramHashAlgorithm.Sha256, false, serverAdvertisesPlus: true);
        var client = new SaslMechanismScramSha256(new NetworkCredential("alice@example.com", "Secret-1"));
        Assert.True((await RunAsync(client, server)).IsSuccess);
    }
}
