using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

public sealed class SaslPrepTests
{
    // RFC 4013 §3 examples.
    [Theory]
    [InlineData("I\u00ADX", "IX")]
    [InlineData("user", "user")]
    [InlineData("USER", "USER")]
    [InlineData("a\u00A0b", "a b")]
    [InlineData("a\u200Bb", "ab")]
    public void Rfc4013ExamplesAreMapped(string input, string expected)
    {
        Assert.True(SaslPrep.TryPrepare(input, storedString: false, out var output));
        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("\u00AA", "a")]
    [InlineData("\u2168", "IX")]
    public void Rfc4013NfkcExamplesAreFoldedWhenTheRuntimeCanNormalize(string input, string expected)
    {
        Assert.True(SaslPrep.TryPrepare(input, storedString: false, out var output));
        Assert.Equal(SaslPrep.IsNormalizationAvailable ? expected : input, output);
    }

    [Theory]
    [InlineData("\u0007")]
    [InlineData("\u0627\u0031")]
    [InlineData("a\u0000b")]
    [InlineData("\uE000")]
    [InlineData("\uD800")]
    [InlineData("a\u200Eb")]
    [InlineData("\u0627a\u0628")]
    public void ProhibitedStringsAreRefused(string input)
    {
        Assert.False(SaslPrep.TryPrepare(input, storedString: false, out _));
        Assert.Throws<FormatException>(() => SaslPrep.Prepare(input));
    }

    [Fact]
    public void RightToLeftStringBeginningAndEndingWithRandALIsAllowed()
    {
        Assert.True(SaslPrep.TryPrepare("\u0627\u0031\u0628", storedString: false, out _));
    }

    [Fact]
    public void UnassignedCodePointIsOnlyRefusedInStoredStrings()
    {
        const string unassigned = "\U000E0080";
        Assert.True(SaslPrep.TryPrepare("a" + unassigned, storedString: false, out _));
        Assert.False(SaslPrep.TryPrepare("a" + unassigned, storedString: true, out _));
    }
}
