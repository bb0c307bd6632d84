namespace Paloma.Pop3.Protocol;

/// <summary>The POP3 commands Paloma understands: RFC 1939 §4-7, CAPA (RFC 2449 §5), STLS (RFC 2595 §4) and
/// AUTH (RFC 5034); APOP is not offered.</summary>
public enum Pop3Verb
{
    User,
    Pass,
    Quit,
    Stat,
    List,
    Retr,
    Dele,
    Noop,
    Rset,
    Top,
    Uidl,
    Capa,
    Stls,
    Auth,
}
