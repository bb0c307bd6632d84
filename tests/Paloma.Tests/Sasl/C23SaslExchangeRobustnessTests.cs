using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

/// <summary>Case C23 at the library level: cancellation and undecodable base64 are told apart from credential
/// failures, and LOGIN's initial response is the user name.</summary>
public sealed class C23SaslExchangeRobustnessTests
{
    [Fact]
    public void C23_AsteriskIsCancelAndNotBase64()
    {
        Assert.True(SaslWire.IsCancel("*"));
        Assert.True(SaslWire.IsCancel("*"u8));
        Assert.False(SaslWire.TryDecode("*", out _));
    }

    [Theory]
    [InlineData("* ")]
    [InlineData("**")]
    [InlineData("")]
    [InlineData("Kg==")]
    public void C23_OnlyALoneAsteriskCancels(string line)
    {
        Assert.False(SaslWire.IsCancel(line));
    }

    [Theory]
    [InlineData("!!!not*base64!!!")]
    [InlineData("AGFs=aWNl")]
    [InlineData("YWxpY2U")]
    [InlineData("YWxp Y2U=")]
    [InlineData("YWxpY2U=\r")]
    [InlineData("YWxpY2U===")]
    [InlineData("====")]
    [InlineData("YWxpY2V=")]
    [InlineData("YQ=\u00e9")]
    public void C23_UndecodableBase64IsRejectedStrictly(string line)
    {
        Assert.False(SaslWire.TryDecode(line, out _));
        Assert.False(SaslWire.TryDecode(System.Text.Encoding.Latin1.GetBytes(line), out _));
        Assert.False(SaslWire.IsCancel(line));
    }

    [Theory]
    [InlineData("YWxpY2VAZXhhbXBsZS5jb20=", "alice@example.com")]
    [InlineData("U2VjcmV0LTE=", "Secret-1")]
    [InlineData("YWI=", "ab")]
    [InlineData("YQ==", "a")]
    [InlineData("YWJj", "abc")]
    [InlineData("=", "")]
    [InlineData("", "")]
    public void C23_PaddedAndEmptyResponsesDecode(string line, string expected)
    {
        Assert.True(SaslWire.TryDecode(line, out var bytes));
        Assert.Equal(expected, Text(bytes));
        Assert.True(SaslWire.TryDecode(System.Text.Encoding.ASCII.GetBytes(line), out bytes));
        Assert.Equal(expected, Text(bytes));
    }

    [Fact]
    public async Task C23_LoginInitialResponseIsTheUserNameSoThePasswordIsAskedNext()
    {
        var server = new LoginMechanism(Context(TestCredentialStore.WithFixtureUsers()));
        Assert.True(SaslWire.TryDecode("YWxpY2VAZXhhbXBsZS5jb20=", out var ir));
        var first = await server.StartAsync(ir);
        Assert.True(first.IsContinue);
        Assert.Equal("UGFzc3dvcmQ6", SaslWire.Encode(first.Challenge));
        Assert.True(SaslWire.TryDecode("U2VjcmV0LTE=", out var password));
        var result = await server.StepAsync(password);
        Assert.True(result.IsSuccess);
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task C23_LoginWithoutInitialResponseAsksForTheUserName()
    {
        var server = new LoginMechanism(Context(TestCredentialStore.WithFixtureUsers()));
        Assert.Equal("VXNlcm5hbWU6", SaslWire.Encode((await server.StartAsync(null)).Challenge));
    }

    [Fact]
    public async Task C23_PlainWithEmptyInitialResponseIsMalformedNotACredentialFailure()
    {
        Assert.True(SaslWire.TryDecode("=", out var empty));
        var result = await new PlainMechanism(Context(TestCredentialStore.WithFixtureUsers())).StartAsync(empty);
        Assert.Equal(SaslErrorKind.MalformedResponse, result.Error?.Kind);
    }

    [Fact]
    public async Task C23_ServerFirstMechanismsRefuseAnInitialResponse()
    {
        var context = Context(TestCredentialStore.WithFixtureUsers());
        Assert.Equal(SaslErrorKind.MalformedResponse,
            (await new CramMd5Mechanism(context).StartAsync(Utf8("alice"))).Error?.Kind);
        Assert.Equal(SaslErrorKind.MalformedResponse,
            (await new DigestMd5Mechanism(context).StartAsync(Utf8("alice"))).Error?.Kind);
    }
}
