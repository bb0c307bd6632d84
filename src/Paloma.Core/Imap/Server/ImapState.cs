namespace Paloma.Imap.Server;

/// <summary>The session states of RFC 3501 §3.</summary>
[Flags]
public enum ImapState
{
    NotAuthenticated = 1,
    Authenticated = 2,
    Selected = 4,
    Logout = 8,
}
