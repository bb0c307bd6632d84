namespace Paloma.Imap.Server;

/// <summary>
/// Which commands each state allows (RFC 3501 §6: "valid only in ... state"). The dispatcher asks this table once
/// per command, and every wrong-state answer comes from here.
/// </summary>
internal static class ImapStateTable
{
    private const ImapState Any = ImapState.NotAuthenticated | ImapState.Authenticated | ImapState.Selected;
    private const ImapState Authenticated = ImapState.Authenticated | ImapState.Selected;

    private static readonly Dictionary<string, ImapState> s_allowed = new(StringComparer.Ordinal)
    {
        // RFC 3501 §6.1: any state.
        ["CAPABILITY"] = Any,
        ["NOOP"] = Any,
        ["LOGOUT"] = Any,
        ["ID"] = Any, // RFC 2971 §3.1
        // RFC 3501 §6.2: not authenticated state.
        ["LOGIN"] = ImapState.NotAuthenticated,
        ["AUTHENTICATE"] = ImapState.NotAuthenticated,
        ["STARTTLS"] = ImapState.NotAuthenticated,
        // RFC 3501 §6.3: authenticated state (and so also selected).
        ["ENABLE"] = ImapState.Authenticated, // RFC 5161 §3.1: before any mailbox is selected
        ["SELECT"] = Authenticated,
        ["EXAMINE"] = Authenticated,
        ["CREATE"] = Authenticated,
        ["DELETE"] = Authenticated,
        ["RENAME"] = Authenticated,
        ["SUBSCRIBE"] = Authenticated,
        ["UNSUBSCRIBE"] = Authenticated,
        ["LIST"] = Authenticated,
        ["LSUB"] = Authenticated,
        ["STATUS"] = Authenticated,
        ["APPEND"] = Authenticated,
        ["NAMESPACE"] = Authenticated, // RFC 2342 §5
        ["GETQUOTA"] = Authenticated, // RFC 9208 §4.2
        ["GETQUOTAROOT"] = Authenticated, // RFC 9208 §4.3
        ["SETQUOTA"] = Authenticated, // RFC 9208 §4.1
        ["IDLE"] = Authenticated, // RFC 2177 §3, RFC 9051 §6.3.13
        ["COMPRESS"] = Authenticated, // RFC 4978 §5: command-auth
        // RFC 3501 §6.4: selected state.
        ["CHECK"] = ImapState.Selected,
        ["CLOSE"] = ImapState.Selected,
        ["UNSELECT"] = ImapState.Selected, // RFC 3691 §2
        ["EXPUNGE"] = ImapState.Selected,
        ["SEARCH"] = ImapState.Selected,
        ["FETCH"] = ImapState.Selected,
        ["STORE"] = ImapState.Selected,
        ["COPY"] = ImapState.Selected,
        ["MOVE"] = ImapState.Selected, // RFC 6851 §3
        ["SORT"] = ImapState.Selected, // RFC 5256 §3
        ["THREAD"] = ImapState.Selected, // RFC 5256 §3
        ["UID"] = ImapState.Selected,
    };

    /// <summary>Null when <paramref name="verb"/> may run in <paramref name="state"/>, else the BAD text.</summary>
    public static string? Check(ImapState state, string verb)
    {
        if (!s_allowed.TryGetValue(verb, out var allowed))
        {
            return $"{verb} is not supported";
        }

        if ((allowed & state) != 0)
        {
            return null;
        }

        return state switch
        {
            ImapState.NotAuthenticated => $"{verb} needs authentication first",
            _ when verb is "LOGIN" or "AUTHENTICATE" => "already authenticated",
            ImapState.Selected when verb == "ENABLE" => "ENABLE is only allowed before a mailbox is selected",
            _ => $"{verb} needs a selected mailbox",
        };
    }
}
