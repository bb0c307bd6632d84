using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

public sealed class SaslMechanismRegistryTests
{
    private static readonly string[] s_configured =
        ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "PLAIN", "LOGIN", "EXTERNAL"];

    private static SaslContext Context(bool secure, ChannelBinding? binding = null, bool certificate = false) => new()
    {
        Credentials = TestCredentialStore.WithFixtureUsers(),
        Hostname = "mx.example.com",
        IsSecure = secure,
        ChannelBinding = binding,
        ClientCertificate = certificate ? ExternalMechanismTests.ClientCertificate("CN=c") : null,
    };

    [Fact]
    public void WithoutTlsPlaintextAndPlusMechanismsAreNotAdvertised()
    {
        var registry = new SaslMechanismRegistry(s_configured);
        Assert.Equal(["SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5"], registry.Advertised(Context(secure: false)));
        Assert.Null(registry.Create("PLAIN", Context(secure: false)));
    }

    [Fact]
    public void PlaintextWithoutTlsCanBeAllowed()
    {
        var registry = new SaslMechanismRegistry(s_configured, allowPlaintextWithoutTls: true);
        Assert.Contains("PLAIN", registry.Advertised(Context(secure: false)));
        Assert.IsType<PlainMechanism>(registry.Create("plain", Context(secure: false)));
    }

    [Fact]
    public void WithTlsAndChannelBindingEverythingIsAdvertisedInConfiguredOrder()
    {
        var registry = new SaslMechanismRegistry(s_configured);
        var binding = ChannelBinding.TlsExporter(new byte[32]);
        Assert.Equal(s_configured, registry.Advertised(Context(secure: true, binding, certificate: true)));
    }

    [Fact]
    public void PlusIsNotAdvertisedWithoutChannelBindingAndNonPlusThenAcceptsY()
    {
        var registry = new SaslMechanismRegistry(s_configured);
        Assert.DoesNotContain("SCRAM-SHA-256-PLUS", registry.Advertised(Context(secure: true)));
        Assert.Null(registry.Create("SCRAM-SHA-256-PLUS", Context(secure: true)));
    }

    [Fact]
    public async Task NonPlusCreatedWhilePlusIsOfferedRefusesY()
    {
        var registry = new SaslMechanismRegistry(s_configured);
        var context = Context(secure: true, ChannelBinding.TlsExporter(new byte[32]));
        var scram = registry.Create("SCRAM-SHA-256", context)!;
        var result = await scram.StartAsync("y,,n=alice@example.com,r=abc"u8.ToArray());
        Assert.Equal("server-does-support-channel-binding", result.Error?.ScramError);

        var withoutPlus = registry.Create("SCRAM-SHA-256", Context(secure: true))!;
        Assert.True((await withoutPlus.StartAsync("y,,n=alice@example.com,r=abc"u8.ToArray())).IsContinue);
    }

    [Fact]
    public void ExternalNeedsAClientCertificate()
    {
        var registry = new SaslMechanismRegistry(s_configured);
        Assert.DoesNotContain("EXTERNAL", registry.Advertised(Context(secure: true)));
        Assert.IsType<ExternalMechanism>(registry.Create("EXTERNAL", Context(secure: true, certificate: true)));
    }

    [Fact]
    public void NotEnabledMechanismIsNotCreated()
    {
        var registry = new SaslMechanismRegistry(["PLAIN"]);
        Assert.Null(registry.Create("DIGEST-MD5", Context(secure: true)));
        Assert.Null(registry.Create("NTLM", Context(secure: true)));
    }

    [Theory]
    [InlineData("PLAIN", true, false)]
    [InlineData("LOGIN", true, false)]
    [InlineData("CRAM-MD5", false, false)]
    [InlineData("SCRAM-SHA-1-PLUS", false, true)]
    [InlineData("scram-sha-256-plus", false, true)]
    public void ClassifiesMechanisms(string name, bool plaintext, bool channelBinding)
    {
        Assert.Equal(plaintext, SaslMechanismRegistry.IsPlaintext(name));
        Assert.Equal(channelBinding, SaslMechanismRegistry.RequiresChannelBinding(name));
    }

    [Theory]
    [InlineData("SCRAM-SHA-512")]
    [InlineData("")]
    public void UnknownConfiguredNameIsRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => new SaslMechanismRegistry([name]));
    }

    [Fact]
    public void DuplicateConfiguredNameIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new SaslMechanismRegistry(["PLAIN", "plain"]));
    }

    [Fact]
    public void EveryKnownNameCreatesAMechanismOfThatName()
    {
        var registry = new SaslMechanismRegistry(SaslMechanismNames.All);
        var context = Context(secure: true, ChannelBinding.TlsExporter(new byte[32]), certificate: true);
        foreach (var name in SaslMechanismNames.All)
        {
            Assert.Equal(name, registry.Create(name, context)?.Name);
        }
    }
}
