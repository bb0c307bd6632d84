using System.Text;
using MimeKit;

namespace Paloma.Imap.Message;

/// <summary>
/// Writes BODY (extended: false) and BODYSTRUCTURE (extended: true) of RFC 3501 §7.4.2, following the body
/// grammar of §9. Types, subtypes, parameter names and the encoding are upper-cased, as the RFC's examples do.
/// </summary>
internal static class BodyStructureWriter
{
    public static void Append(StringBuilder builder, byte[] raw, MessagePart part, bool extended)
    {
        if (part.IsMultipart)
        {
            AppendMultipart(builder, raw, part, extended);
        }
        else
        {
            AppendSinglePart(builder, raw, part, extended);
        }
    }

    private static void AppendMultipart(StringBuilder builder, byte[] raw, MessagePart part, bool extended)
    {
        // RFC 3501 §9: body-type-mpart = 1*body SP media-subtype [SP body-ext-mpart]; bodies are not separated.
        builder.Append('(');
        foreach (var child in part.Parts)
        {
            Append(builder, raw, child, extended);
        }

        builder.Append(' ');
        ImapStringWriter.AppendString(builder, part.ContentType.MediaSubtype.ToUpperInvariant());
        if (extended)
        {
            // body-ext-mpart = body-fld-param [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
            builder.Append(' ');
            AppendParameters(builder, part.ContentType.Parameters);
            AppendDispositionLanguageLocation(builder, raw, part.Header);
        }

        builder.Append(')');
    }

    private static void AppendSinglePart(StringBuilder builder, byte[] raw, MessagePart part, bool extended)
    {
        // RFC 3501 §9: body-type-basic = media-basic SP body-fields; body-fields = body-fld-param SP body-fld-id
        // SP body-fld-desc SP body-fld-enc SP body-fld-octets.
        var header = part.Header;
        builder.Append('(');
        ImapStringWriter.AppendString(builder, part.ContentType.MediaType.ToUpperInvariant());
        builder.Append(' ');
        ImapStringWriter.AppendString(builder, part.ContentType.MediaSubtype.ToUpperInvariant());
        builder.Append(' ');
        AppendParameters(builder, part.ContentType.Parameters);
        builder.Append(' ');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Content-ID"));
        builder.Append(' ');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Content-Description"));
        builder.Append(' ');
        ImapStringWriter.AppendString(builder, ReadEncoding(header));
        builder.Append(' ').Append(part.BodyLength);

        if (part.Message is { } message)
        {
            // body-type-msg = media-message SP body-fields SP envelope SP body SP body-fld-lines
            builder.Append(' ');
            EnvelopeWriter.Append(builder, raw, message.Header);
            builder.Append(' ');
            Append(builder, raw, message, extended);
            builder.Append(' ').Append(CountLines(raw, part));
        }
        else if (part.IsText)
        {
            // body-type-text = media-text SP body-fields SP body-fld-lines
            builder.Append(' ').Append(CountLines(raw, part));
        }

        if (extended)
        {
            // body-ext-1part = body-fld-md5 [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc ...]]]
            builder.Append(' ');
            ImapStringWriter.AppendNString(builder, header.GetUnfolded("Content-MD5"));
            AppendDispositionLanguageLocation(builder, raw, header);
        }

        builder.Append(')');
    }

    /// <summary>RFC 2045 §6.1: an absent (or here, empty) Content-Transfer-Encoding means 7BIT; body-fld-enc
    /// is a string, never NIL (case C36).</summary>
    private static string ReadEncoding(HeaderSection header)
    {
        var encoding = header.GetUnfolded("Content-Transfer-Encoding");
        return string.IsNullOrEmpty(encoding) ? "7BIT" : encoding.ToUpperInvariant();
    }

    private static void AppendDispositionLanguageLocation(StringBuilder builder, byte[] raw, HeaderSection header)
    {
        // body-fld-dsp = "(" string SP body-fld-param ")" / nil
        builder.Append(' ');
        if (MimeHeaderReader.ReadContentDisposition(raw, header) is { } disposition)
        {
            builder.Append('(');
            ImapStringWriter.AppendString(builder, disposition.Disposition.ToUpperInvariant());
            builder.Append(' ');
            AppendParameters(builder, disposition.Parameters);
            builder.Append(')');
        }
        else
        {
            builder.Append(ImapStringWriter.Nil);
        }

        // body-fld-lang = nstring / "(" string *(SP string) ")"; RFC 3282 §2: a comma-separated list of tags.
        builder.Append(' ');
        var languages = header.GetUnfolded("Content-Language")?
            .Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (languages is null || languages.Length == 0)
        {
            builder.Append(ImapStringWriter.Nil);
        }
        else if (languages.Length == 1)
        {
            ImapStringWriter.AppendString(builder, languages[0]);
        }
        else
        {
            builder.Append('(');
            for (var i = 0; i < languages.Length; i++)
            {
                builder.Append(i > 0 ? " " : string.Empty);
                ImapStringWriter.AppendString(builder, languages[i]);
            }

            builder.Append(')');
        }

        // body-fld-loc = nstring (RFC 2557 Content-Location)
        builder.Append(' ');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Content-Location"));
    }

    /// <summary>body-fld-param = "(" string SP string *(SP string SP string) ")" / nil. An empty value is
    /// "" and never NIL (case C36).</summary>
    private static void AppendParameters(StringBuilder builder, ParameterList parameters)
    {
        if (parameters.Count == 0)
        {
            builder.Append(ImapStringWriter.Nil);
            return;
        }

        builder.Append('(');
        for (var i = 0; i < parameters.Count; i++)
        {
            builder.Append(i > 0 ? " " : string.Empty);
            ImapStringWriter.AppendString(builder, parameters[i].Name.ToUpperInvariant());
            builder.Append(' ');
            ImapStringWriter.AppendString(builder, parameters[i].Value ?? string.Empty);
        }

        builder.Append(')');
    }

    /// <summary>body-fld-lines: the lines of the encoded body; a last line without a line break counts too.
    /// </summary>
    private static int CountLines(byte[] raw, MessagePart part)
    {
        var body = raw.AsSpan(part.BodyStart, part.BodyLength);
        var lines = body.Count((byte)'\n');
        return body.Length > 0 && body[^1] != '\n' ? lines + 1 : lines;
    }
}
