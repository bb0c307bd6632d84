using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class EnvelopeAddressTests
{
    [Theory]
    [InlineData("user@Example.TEST", "user", "example.test")]
    [InlineData("user@example.test.", "user", "example.test")]
    [InlineData("\"john doe\"@example.test", "john doe", "example.test")]
    [InlineData("\"a\\\"b\"@example.test", "a\"b", "example.test")]
    [InlineData("@relay.test,@other.test:user@example.test", "user", "example.test")]
    [InlineData("user@[192.0.2.1]", "user", "[192.0.2.1]")]
    [InlineData("user@[IPv6:2001:DB8::1]", "user", "[ipv6:2001:db8::1]")]
    [InlineData("jörg@bücher.example", "jörg", "xn--bcher-kva.example")]
    public void ValidPathsAreParsedAndNormalised(string path, string local, string domain)
    {
        Assert.True(EnvelopeAddress.TryParse(path, out var address, out var error), error);
        Assert.Equal(local, address.LocalPart);
        Assert.Equal(domain, address.Domain);
    }

    [Theory]
    [InlineData("victim@example.net@")]
    [InlineData("victim@example.net@example.com")]
    [InlineData("user@[300.1.1.1]")]
    [InlineData("user@")]
    [InlineData("@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData(".a@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("\"open@example.com")]
    [InlineData("user@example..com")]
    [InlineData("user@exa mple.com")]
    [InlineData("user@example.com..")]
    public void InvalidPathsAreRefused(string path)
    {
        Assert.False(EnvelopeAddress.TryParse(path, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void LocalPartOver64OctetsIsRefused()
    {
        Assert.False(EnvelopeAddress.TryParse(new string('a', 65) + "@example.test", out _, out var error));
        Assert.Contains("64", error);
        Assert.True(EnvelopeAddress.TryParse(new string('a', 64) + "@example.test", out _, out _));
    }

    [Theory]
    [InlineData("victim%example.net@example.com", true)]
    [InlineData("victim!example.net@example.com", true)]
    [InlineData("\"victim@example.net\"@example.com", true)]
    [InlineData("victim@example.com", false)]
    public void RoutingCharactersAreDetected(string path, bool routing)
    {
        Assert.True(EnvelopeAddress.TryParse(path, out var address, out _));
        Assert.Equal(routing, address.HasRoutingCharacters);
    }

    [Fact]
    public void EmptyPathIsTheNullPath()
    {
        Assert.True(EnvelopeAddress.TryParse("", out var address, out _));
        Assert.True(address.IsNull);
    }

    [Theory]
    [InlineData("Postmaster", true)]
    [InlineData("POSTMASTER", true)]
    [InlineData("\"postmaster\"", true)]
    [InlineData("postmaster@example.test", false)]
    [InlineData("postmistress", false)]
    public void PostmasterWithoutDomainIsRecognised(string path, bool expected)
    {
        Assert.True(EnvelopeAddress.TryParse(path, out var address, out _));
        Assert.Equal(expected, address.IsPostmaster);
    }

    [Fact]
    public void SourceRouteIsKeptButNotPartOfTheAddress()
    {
        Assert.True(EnvelopeAddress.TryParse("@example.com:victim@example.net", out var address, out _));
        Assert.Equal("@example.com", address.SourceRoute);
        Assert.Equal("victim@example.net", address.Address);
    }
}
