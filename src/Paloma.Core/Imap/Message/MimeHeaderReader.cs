using MimeKit;

namespace Paloma.Imap.Message;

/// <summary>
/// Reads the structured MIME fields (Content-Type, Content-Disposition) and the address fields with MimeKit's
/// parsers, in their lenient modes: these values come from strangers and must never make a FETCH fail.
/// </summary>
internal static class MimeHeaderReader
{
    /// <summary>One shared, never mutated set of lenient options. Groups inside groups are not valid RFC 5322,
    /// so one level is enough and bounds the address parser's recursion.</summary>
    public static readonly ParserOptions Options = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Looser,
        ParameterComplianceMode = RfcComplianceMode.Looser,
        Rfc2047ComplianceMode = RfcComplianceMode.Looser,
        AllowAddressesWithoutDomain = true,
        MaxAddressGroupDepth = 1,
    };

    /// <summary>RFC 2045 §5.2: a missing or invalid Content-Type means text/plain; charset=us-ascii.</summary>
    public static ContentType DefaultContentType() => new("text", "plain") { Charset = "us-ascii" };

    /// <summary>The part's Content-Type: RFC 2046 §5.1.5 makes message/rfc822 the default inside a
    /// multipart/digest; any other missing or unusable value gives the RFC 2045 §5.2 default.</summary>
    public static ContentType ReadContentType(byte[] raw, HeaderSection header, bool isInDigest)
    {
        if (header.Find("Content-Type") is not { } field)
        {
            return isInDigest ? new ContentType("message", "rfc822") : DefaultContentType();
        }

        var length = field.ValueEnd - field.ValueStart;
        if (ContentType.TryParse(Options, raw, field.ValueStart, length, out var type)
            && IsToken(type.MediaType) && IsToken(type.MediaSubtype))
        {
            return type;
        }

        return ReadMediaTypeOnly(raw.AsSpan(field.ValueStart, length)) ?? DefaultContentType();
    }

    /// <summary>When the parameters are broken (an empty or unterminated value) but "type/subtype" before them
    /// is sound, keep the media type and drop the parameters rather than call the part text/plain.</summary>
    private static ContentType? ReadMediaTypeOnly(ReadOnlySpan<byte> value)
    {
        var semicolon = value.IndexOf((byte)';');
        var mediaType = HeaderSection.DecodeOctets(semicolon < 0 ? value : value[..semicolon]).Trim();
        var slash = mediaType.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        var type = mediaType[..slash].Trim();
        var subtype = mediaType[(slash + 1)..].Trim();
        return IsToken(type) && IsToken(subtype) ? new ContentType(type, subtype) : null;
    }

    public static ContentDisposition? ReadContentDisposition(byte[] raw, HeaderSection header)
    {
        if (header.Find("Content-Disposition") is not { } field)
        {
            return null;
        }

        var length = field.ValueEnd - field.ValueStart;
        return ContentDisposition.TryParse(Options, raw, field.ValueStart, length, out var disposition)
            && IsToken(disposition.Disposition)
            ? disposition
            : null;
    }

    /// <summary>The addresses of the first field with this name; null when the field is absent, empty or so
    /// broken that nothing can be parsed.</summary>
    public static InternetAddressList? ReadAddresses(byte[] raw, HeaderSection header, string name)
    {
        if (header.Find(name) is not { } field)
        {
            return null;
        }

        var length = field.ValueEnd - field.ValueStart;
        return InternetAddressList.TryParse(Options, raw, field.ValueStart, length, out var addresses)
            && addresses.Count > 0
            ? addresses
            : null;
    }

    /// <summary>RFC 2045 §5.1: type, subtype and disposition type are tokens.</summary>
    private static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c >= '\x7f' || "()<>@,;:\\\"/[]?=".Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
