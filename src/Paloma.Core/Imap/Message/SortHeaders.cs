using MimeKit;
using MimeKit.Utils;

namespace Paloma.Imap.Message;

/// <summary>
/// What SORT and THREAD (RFC 5256) need from a message's header: the decoded subject and its base subject, the
/// sent date (§2.2), the first From/To/Cc address, and the Message-ID and references for REFERENCES threading.
/// Absent fields are the empty string, which collates first (RFC 5256 §3).
/// </summary>
public sealed record SortHeaders(
    string BaseSubject,
    bool IsReplyOrForward,
    DateTimeOffset? SentDate,
    string From,
    string To,
    string Cc,
    string DisplayFrom,
    string DisplayTo,
    string? MessageId,
    IReadOnlyList<string> References)
{
    internal static SortHeaders Read(byte[] raw, HeaderSection header)
    {
        var subject = header.Find("Subject") is { } field
            ? Rfc2047.DecodeText(MimeHeaderReader.Options, raw, field.ValueStart, field.ValueEnd - field.ValueStart)
            : "";
        var baseSubject = Message.BaseSubject.Extract(subject, out var isReply);
        var from = FirstMailbox(raw, header, "From");
        var to = FirstMailbox(raw, header, "To");
        return new SortHeaders(baseSubject, isReply, ReadDate(raw, header), AddrMailbox(from), AddrMailbox(to),
            AddrMailbox(FirstMailbox(raw, header, "Cc")), Display(from), Display(to),
            ReadMessageId(raw, header), ReadReferences(raw, header));
    }

    private static DateTimeOffset? ReadDate(byte[] raw, HeaderSection header) =>
        header.Find("Date") is { } field
        && DateUtils.TryParse(raw, field.ValueStart, field.ValueEnd - field.ValueStart, out var date)
            ? date
            : null;

    private static MailboxAddress? FirstMailbox(byte[] raw, HeaderSection header, string name) =>
        MimeHeaderReader.ReadAddresses(raw, header, name)?.Mailboxes.FirstOrDefault();

    /// <summary>RFC 5256 §3: the [IMAP] addr-mailbox, the local part of the first address.</summary>
    private static string AddrMailbox(MailboxAddress? address) => address?.LocalPart ?? "";

    /// <summary>RFC 5957 §3: the display name of the first address, else its addr-spec.</summary>
    private static string Display(MailboxAddress? address) =>
        address is null ? "" : string.IsNullOrWhiteSpace(address.Name) ? address.Address : address.Name;

    private static string? ReadMessageId(byte[] raw, HeaderSection header) =>
        header.Find("Message-ID") is { } field
            ? MimeUtils.ParseMessageId(raw, field.ValueStart, field.ValueEnd - field.ValueStart)
            : null;

    /// <summary>RFC 5256 §3 REFERENCES: the ids of References, or else the first id of In-Reply-To. MimeKit's
    /// parser normalises quoting, so &lt;"a"@b&gt; and &lt;a@b&gt; are one id.</summary>
    private static List<string> ReadReferences(byte[] raw, HeaderSection header)
    {
        if (header.Find("References") is { } references)
        {
            var ids = MimeUtils.EnumerateReferences(raw, references.ValueStart,
                references.ValueEnd - references.ValueStart).ToList();
            if (ids.Count > 0)
            {
                return ids;
            }
        }

        if (header.Find("In-Reply-To") is { } inReplyTo
            && MimeUtils.EnumerateReferences(raw, inReplyTo.ValueStart, inReplyTo.ValueEnd - inReplyTo.ValueStart)
                .FirstOrDefault() is { } parent)
        {
            return [parent];
        }

        return [];
    }
}
