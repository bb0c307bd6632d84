using MimeKit.Encodings;

namespace Paloma.Imap.Message;

/// <summary>The result of BINARY[part]: the decoded octets, or why there are none.</summary>
/// <param name="Octets">Null when the part does not exist or its encoding is unknown.</param>
/// <param name="UnknownEncoding">The Content-Transfer-Encoding the server cannot decode (RFC 3516 §4.3).</param>
public sealed record BinarySection(byte[]? Octets, string? UnknownEncoding);

/// <summary>
/// BINARY[part] (RFC 3516 §4.2): the body of a leaf part with base64 or quoted-printable removed; 7bit, 8bit and
/// binary are already raw. BINARY[] is the whole message, and a multipart or message/rfc822 part (whose encoding
/// RFC 2045 §6.4 limits to the identity ones) its body as stored.
/// </summary>
internal static class BinaryExtractor
{
    public static BinarySection Extract(byte[] raw, MessagePart root, IReadOnlyList<int> path)
    {
        if (path.Count == 0)
        {
            return new BinarySection(raw, null);
        }

        if (SectionExtractor.Resolve(root, path) is not { } part)
        {
            return new BinarySection(null, null);
        }

        if (part.IsMultipart || part.IsMessage)
        {
            return new BinarySection(raw[part.BodyStart..part.BodyEnd], null);
        }

        var encoding = part.Header.GetUnfolded("Content-Transfer-Encoding")?.Trim().ToLowerInvariant() ?? "7bit";
        var body = raw[part.BodyStart..part.BodyEnd];
        IMimeDecoder decoder;
        switch (encoding)
        {
            case "7bit" or "8bit" or "binary" or "":
                return new BinarySection(body, null);
            case "base64":
                decoder = new Base64Decoder();
                break;
            case "quoted-printable":
                decoder = new QuotedPrintableDecoder();
                break;
            default:
                return new BinarySection(null, encoding);
        }

        var output = new byte[decoder.EstimateOutputLength(body.Length)];
        var length = decoder.Decode(body, 0, body.Length, output);
        return new BinarySection(output[..length], null);
    }
}
