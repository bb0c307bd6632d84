namespace Paloma.Imap.Protocol;

/// <summary>Character classes of the RFC 3501 §9 grammar.</summary>
public static class ImapChars
{
    /// <summary>ATOM-CHAR: any CHAR except atom-specials "(" ")" "{" SP CTL list-wildcards quoted-specials
    /// resp-specials.</summary>
    public static bool IsAtomChar(byte b) =>
        b is > 0x20 and < 0x7f and not ((byte)'(' or (byte)')' or (byte)'{' or (byte)'%' or (byte)'*'
            or (byte)'"' or (byte)'\\' or (byte)']');

    /// <summary>ASTRING-CHAR = ATOM-CHAR / resp-specials.</summary>
    public static bool IsAStringChar(byte b) => IsAtomChar(b) || b == (byte)']';
}
