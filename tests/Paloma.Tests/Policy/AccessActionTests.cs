using Paloma.Policy;

namespace Paloma.Tests.Policy;

public sealed class AccessActionTests
{
    [Theory]
    [InlineData("OK", AccessActionKind.Ok)]
    [InlineData("RELAY", AccessActionKind.Relay)]
    [InlineData("REJECT", AccessActionKind.Reject)]
    [InlineData("DISCARD", AccessActionKind.Discard)]
    [InlineData("SKIP", AccessActionKind.Skip)]
    [InlineData("relay", AccessActionKind.Relay)]
    public void KeywordActionsAreRecognised(string text, AccessActionKind kind)
    {
        var action = AccessAction.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal(kind, action!.Kind);
    }

    [Theory]
    [InlineData("ERROR:550 Go away", 550, "5.0.0", "Go away")]
    [InlineData("ERROR:5.7.1:550 Go away", 550, "5.7.1", "Go away")]
    [InlineData("ERROR:\"550 Go away\"", 550, "5.0.0", "Go away")]
    [InlineData("ERROR:5.7.1:\"550 Go away\"", 550, "5.7.1", "Go away")]
    [InlineData("ERROR:\"5.7.1:550 Go away\"", 550, "5.7.1", "Go away")]
    [InlineData("ERROR:4.7.1:451 Try later", 451, "4.7.1", "Try later")]
    [InlineData("ERROR:553", 553, "5.0.0", "Access denied")]
    [InlineData("ERROR:550 5.7.1 go away", 550, "5.7.1", "go away")]
    [InlineData("ERROR:451 4.7.1 later", 451, "4.7.1", "later")]
    [InlineData("ERROR:550 4.7.1 mismatched class stays text", 550, "5.0.0", "4.7.1 mismatched class stays text")]
    public void ErrorActionsCarryCodeAndText(string text, int code, string enhanced, string message)
    {
        var action = AccessAction.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal(AccessActionKind.Error, action!.Kind);
        Assert.Equal(code, action.ReplyCode);
        Assert.Equal(enhanced, action.EnhancedCode);
        Assert.Equal(message, action.Text);
    }

    [Theory]
    [InlineData("ACCEPT")]
    [InlineData("")]
    [InlineData("ERROR:Go away")]
    [InlineData("ERROR:250 fine")]
    [InlineData("ERROR:5.7.1:451 mismatch")]
    [InlineData("ERROR:55 short")]
    public void InvalidActionsAreRefusedWithAReason(string text)
    {
        Assert.Null(AccessAction.TryParse(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ErrorWith4xxIsATemporaryFailure()
    {
        var decision = AccessAction.TryParse("ERROR:4.3.0:451 later", out _)!.ToDecision("test");
        Assert.Equal(PolicyVerdict.TempFail, decision.Verdict);
        Assert.True(decision.IsTransient);
        Assert.Equal("451 4.3.0 later", decision.ToString());
    }

    [Fact]
    public void RejectGives550571AccessDenied()
    {
        var decision = AccessAction.Reject.ToDecision("test");
        Assert.Equal(PolicyVerdict.Reject, decision.Verdict);
        Assert.Equal("550 5.7.1 Access denied", decision.ToString());
    }

    [Fact]
    public void DiscardGivesDiscardVerdict()
    {
        Assert.Equal(PolicyVerdict.Discard, AccessAction.Discard.ToDecision("test").Verdict);
    }
}
