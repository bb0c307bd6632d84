using Paloma.Sasl;
using static Paloma.Tests.Sasl.SaslTestClient;

namespace Paloma.Tests.Sasl;

/// <summary>Case C22 at the library level: each PLAIN field keeps its RFC 4616 §2 role.</summary>
public sealed class C22SaslPlainAuthzidAuthcidConfusionTests
{
    private readonly TestCredentialStore _store = TestCredentialStore.WithFixtureUsers();

    private Task<SaslResult> InitialResponse(string base64)
    {
        Assert.True(SaslWire.TryDecode(base64, out var bytes));
        return new PlainMechanism(Context(_store)).StartAsync(bytes).AsTask();
    }

    [Fact]
    public async Task C22_EmptyAuthzidLogsInAsAuthcid()
    {
        var result = await InitialResponse("AGFsaWNlQGV4YW1wbGUuY29tAFNlY3JldC0x");
        Assert.True(result.IsSuccess);
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task C22_AuthzidEqualToAuthcidIsAccepted()
    {
        var result = await InitialResponse("YWxpY2VAZXhhbXBsZS5jb20AYWxpY2VAZXhhbXBsZS5jb20AU2VjcmV0LTE=");
        Assert.True(result.IsSuccess);
        Assert.Equal("alice@example.com", result.Username);
    }

    [Fact]
    public async Task C22_EmptyAuthcidIsRefusedAndNeverFallsBackToAuthzid()
    {
        var result = await InitialResponse("YWRtaW5AZXhhbXBsZS5jb20AAFNlY3JldC0x");
        Assert.False(result.IsSuccess);
        Assert.Null(result.Username);
        Assert.DoesNotContain("admin@example.com", _store.Lookups);
    }

    [Fact]
    public async Task C22_AliceAskingToActAsBobIsNotPermitted()
    {
        var result = await InitialResponse("Ym9iQGV4YW1wbGUuY29tAGFsaWNlQGV4YW1wbGUuY29tAFNlY3JldC0x");
        Assert.Equal(SaslErrorKind.AuthzidNotPermitted, result.Error?.Kind);
        Assert.Null(result.Username);
    }

    [Fact]
    public async Task C22_WrongPasswordAfterEmptyChallengeFails()
    {
        var server = new PlainMechanism(Context(_store));
        var first = await server.StartAsync(null);
        Assert.True(first.IsContinue);
        Assert.Empty(first.Challenge);
        Assert.True(SaslWire.TryDecode("AGFsaWNlQGV4YW1wbGUuY29tAHdyb25n", out var response));
        var result = await server.StepAsync(response);
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }

    [Fact]
    public async Task C22_PasswordIsCheckedForAuthcidNotAuthzid()
    {
        // bob's password with alice as authcid and bob as authzid: must not log in as either.
        var result = await new PlainMechanism(Context(_store))
            .StartAsync(Utf8("bob@example.com\0alice@example.com\0Bob-Secret-2"));
        Assert.Equal(SaslErrorKind.AuthenticationFailed, result.Error?.Kind);
    }
}
