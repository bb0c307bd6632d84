using System.Text;

namespace Paloma.Tests.Imap.Message;

/// <summary>Messages shared by the tests, written with CRLF; <see cref="WithBareLf"/> gives the LF variant.
/// </summary>
internal static class TestMessages
{
    /// <summary>The message behind the RFC 3501 §8 example (its FETCH FULL response).</summary>
    public const string Rfc3501Example =
        "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n" +
        "From: Terry Gray <gray@cac.washington.edu>\r\n" +
        "Subject: IMAP4rev1 WG mtg summary and minutes\r\n" +
        "To: imap@cac.washington.edu\r\n" +
        "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n" +
        "Message-Id: <B27397-0100000@cac.washington.edu>\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n" +
        "\r\n" +
        "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

    public const string Alternative =
        "From: a@example.com\r\n" +
        "Content-Type: multipart/alternative; boundary=\"alt\"\r\n" +
        "\r\n" +
        "preamble\r\n" +
        "--alt\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "\r\n" +
        "plain\r\n" +
        "--alt\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: quoted-printable\r\n" +
        "\r\n" +
        "<p>html</p>\r\n" +
        "--alt--\r\n" +
        "epilogue\r\n";

    public const string InnerMessage =
        "From: b@example.org\r\n" +
        "Subject: inner\r\n" +
        "Content-Type: multipart/alternative; boundary=inner\r\n" +
        "\r\n" +
        "--inner\r\n" +
        "\r\n" +
        "inner text\r\n" +
        "--inner\r\n" +
        "Content-Type: text/html\r\n" +
        "\r\n" +
        "<b>x</b>\r\n" +
        "--inner--";

    public const string MixedHeader =
        "From: a@example.com\r\n" +
        "Subject: mixed\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=outer\r\n" +
        "\r\n";

    public const string AttachmentMimeHeader =
        "Content-Type: application/pdf; name=\"a.pdf\"\r\n" +
        "Content-Disposition: attachment; filename=\"a.pdf\"\r\n" +
        "Content-Transfer-Encoding: base64\r\n" +
        "Content-ID: <pdf@example.com>\r\n" +
        "Content-Description: the report\r\n" +
        "\r\n";

    /// <summary>multipart/mixed: a text part, a base64 attachment, and a message/rfc822 whose body is a
    /// multipart/alternative with a header-less first part.</summary>
    public const string Mixed =
        MixedHeader +
        "--outer\r\n" +
        "Content-Type: text/plain\r\n" +
        "\r\n" +
        "see attached\r\n" +
        "--outer\r\n" +
        AttachmentMimeHeader +
        "JVBERi0xLjQK\r\n" +
        "--outer\r\n" +
        "Content-Type: message/rfc822\r\n" +
        "\r\n" +
        InnerMessage + "\r\n" +
        "--outer--\r\n";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string WithBareLf(string text) => text.Replace("\r\n", "\n");
}
