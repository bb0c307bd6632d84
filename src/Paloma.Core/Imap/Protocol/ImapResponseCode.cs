namespace Paloma.Imap.Protocol;

/// <summary>
/// The response codes Paloma sends in "[...]" after OK, NO, BAD or BYE: RFC 3501 §7.1, RFC 4315 §3 (APPENDUID,
/// COPYUID), RFC 5530 (the rest). Handlers name a code from this set and never spell one inline.
/// </summary>
public static class ImapResponseCode
{
    public const string Alert = "ALERT";
    public const string Capability = "CAPABILITY";
    public const string TryCreate = "TRYCREATE";
    public const string ReadOnly = "READ-ONLY";
    public const string ReadWrite = "READ-WRITE";
    public const string UidNext = "UIDNEXT";
    public const string UidValidity = "UIDVALIDITY";
    public const string PermanentFlags = "PERMANENTFLAGS";
    public const string Unseen = "UNSEEN";
    public const string AppendUid = "APPENDUID";
    public const string CopyUid = "COPYUID";
    public const string TooBig = "TOOBIG";
    public const string NonExistent = "NONEXISTENT";
    public const string AlreadyExists = "ALREADYEXISTS";
    public const string AuthenticationFailed = "AUTHENTICATIONFAILED";
    public const string AuthorizationFailed = "AUTHORIZATIONFAILED";

    /// <summary>RFC 5530 §3: the operation is not permitted on an unencrypted connection.</summary>
    public const string PrivacyRequired = "PRIVACYREQUIRED";

    /// <summary>RFC 5530 §3: temporary failure because a subsystem is down.</summary>
    public const string Unavailable = "UNAVAILABLE";
    public const string Cannot = "CANNOT";
    public const string ServerBug = "SERVERBUG";
    public const string ClientBug = "CLIENTBUG";
    public const string BadCharset = "BADCHARSET";
    public const string OverQuota = "OVERQUOTA";
    public const string ExpungeIssued = "EXPUNGEISSUED";
    public const string HasChildren = "HASCHILDREN";
    public const string InUse = "INUSE";
    public const string Parse = "PARSE";
    public const string HighestModSeq = "HIGHESTMODSEQ"; // RFC 7162 §3.1.2.1
    public const string NoModSeq = "NOMODSEQ"; // RFC 7162 §3.1.2.2
    public const string Modified = "MODIFIED"; // RFC 7162 §3.1.3
    public const string Closed = "CLOSED"; // RFC 7162 §3.2.11
    public const string UseAttr = "USEATTR"; // RFC 6154 §6
    public const string Limit = "LIMIT"; // RFC 5530 §3
    public const string NoPerm = "NOPERM"; // RFC 5530 §3
    public const string UnknownCte = "UNKNOWN-CTE"; // RFC 3516 §4.3
    public const string CompressionActive = "COMPRESSIONACTIVE"; // RFC 4978 §3
}
