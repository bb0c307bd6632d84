namespace Paloma.Pop3.Protocol;

/// <summary>
/// Which command is valid in which state (RFC 1939 §4-7, RFC 2449 §5). The session consults this table once
/// per command, so every "wrong state" answer comes from one place. No command is valid in UPDATE: the session
/// enters it only while handling QUIT.
/// </summary>
public static class Pop3StateTable
{
    private static readonly Dictionary<Pop3Verb, Pop3State[]> Allowed = new()
    {
        [Pop3Verb.User] = [Pop3State.Authorization],
        [Pop3Verb.Pass] = [Pop3State.Authorization],
        [Pop3Verb.Quit] = [Pop3State.Authorization, Pop3State.Transaction],
        [Pop3Verb.Capa] = [Pop3State.Authorization, Pop3State.Transaction],
        [Pop3Verb.Stls] = [Pop3State.Authorization], // RFC 2595 §4
        [Pop3Verb.Auth] = [Pop3State.Authorization], // RFC 5034 §4
        [Pop3Verb.Stat] = [Pop3State.Transaction],
        [Pop3Verb.List] = [Pop3State.Transaction],
        [Pop3Verb.Retr] = [Pop3State.Transaction],
        [Pop3Verb.Dele] = [Pop3State.Transaction],
        [Pop3Verb.Noop] = [Pop3State.Transaction],
        [Pop3Verb.Rset] = [Pop3State.Transaction],
        [Pop3Verb.Top] = [Pop3State.Transaction],
        [Pop3Verb.Uidl] = [Pop3State.Transaction],
    };

    public static bool IsAllowed(Pop3Verb verb, Pop3State state) => Allowed[verb].Contains(state);
}
