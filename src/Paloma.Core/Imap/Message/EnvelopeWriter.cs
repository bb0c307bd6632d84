using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Paloma.Imap.Message;

/// <summary>Writes the ENVELOPE structure of RFC 3501 §7.4.2 from a message's header section.</summary>
internal static class EnvelopeWriter
{
    public static void Append(StringBuilder builder, byte[] raw, HeaderSection header)
    {
        // RFC 3501 §9: envelope = "(" env-date SP env-subject SP env-from SP env-sender SP env-reply-to SP
        // env-to SP env-cc SP env-bcc SP env-in-reply-to SP env-message-id ")".
        builder.Append('(');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Date"));
        builder.Append(' ');

        // The subject goes out as written, encoded-words included: the client decodes RFC 2047 itself.
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Subject"));
        builder.Append(' ');

        var from = MimeHeaderReader.ReadAddresses(raw, header, "From");
        AppendAddressList(builder, from);
        builder.Append(' ');

        // RFC 3501 §7.4.2: if the Sender or Reply-To lines are absent in the [RFC-2822] header, or are present
        // but empty, the server sets the corresponding member of the envelope to be the same value as the from
        // member.
        AppendAddressList(builder, MimeHeaderReader.ReadAddresses(raw, header, "Sender") ?? from);
        builder.Append(' ');
        AppendAddressList(builder, MimeHeaderReader.ReadAddresses(raw, header, "Reply-To") ?? from);
        foreach (var name in (ReadOnlySpan<string>)["To", "Cc", "Bcc"])
        {
            builder.Append(' ');
            AppendAddressList(builder, MimeHeaderReader.ReadAddresses(raw, header, name));
        }

        builder.Append(' ');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("In-Reply-To"));
        builder.Append(' ');
        ImapStringWriter.AppendNString(builder, header.GetUnfolded("Message-ID"));
        builder.Append(')');
    }

    private static void AppendAddressList(StringBuilder builder, InternetAddressList? addresses)
    {
        if (addresses is null)
        {
            builder.Append(ImapStringWriter.Nil);
            return;
        }

        // RFC 3501 §9: env-from = "(" 1*address ")" / nil; the addresses follow each other with no space.
        builder.Append('(');
        foreach (var address in addresses)
        {
            AppendAddress(builder, address);
        }

        builder.Append(')');
    }

    private static void AppendAddress(StringBuilder builder, InternetAddress address)
    {
        if (address is GroupAddress group)
        {
            // RFC 3501 §7.4.2: group syntax is a start marker with NIL host and the group name as mailbox,
            // then the members, then an end marker with NIL mailbox and NIL host.
            builder.Append("(NIL NIL ");
            ImapStringWriter.AppendString(builder, group.Name ?? string.Empty);
            builder.Append(" NIL)");
            foreach (var member in group.Members)
            {
                AppendAddress(builder, member);
            }

            builder.Append("(NIL NIL NIL NIL)");
            return;
        }

        if (address is not MailboxAddress mailbox)
        {
            return;
        }

        builder.Append('(');
        ImapStringWriter.AppendNString(builder, EncodeName(mailbox.Name));
        builder.Append(' ');
        var route = mailbox.Route.Count > 0 ? "@" + string.Join(",@", mailbox.Route) : null;
        ImapStringWriter.AppendNString(builder, route);
        builder.Append(' ');

        // RFC 3501 §7.4.2: addr-mailbox is the local-part with its quoting removed. A NIL host would mark a
        // group, so an address without a domain gets an empty host instead.
        ImapStringWriter.AppendString(builder, mailbox.LocalPart ?? string.Empty);
        builder.Append(' ');
        ImapStringWriter.AppendString(builder, mailbox.Domain ?? string.Empty);
        builder.Append(')');
    }

    /// <summary>MimeKit hands back the display name decoded; a non-ASCII name is sent as an RFC 2047
    /// encoded-word again, which every IMAP client decodes, rather than as 8-bit octets it might not expect.
    /// </summary>
    private static string? EncodeName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        foreach (var c in name)
        {
            if (c > '\x7f')
            {
                return Encoding.ASCII.GetString(Rfc2047.EncodePhrase(Encoding.UTF8, name));
            }
        }

        return name;
    }
}
