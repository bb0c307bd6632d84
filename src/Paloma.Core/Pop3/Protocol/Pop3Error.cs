namespace Paloma.Pop3.Protocol;

/// <summary>Why a command got <c>-ERR</c>. <see cref="Pop3Responses.Error"/> maps each to its text.</summary>
public enum Pop3Error
{
    LineTooLong,
    BareLineFeed,
    NulOctet,
    ControlCharacter,
    InvalidUtf8,
    UnknownCommand,
    WrongState,
    MissingArgument,
    TooManyArguments,
    NotANumber,
    MessageNumberZero,
    NoSuchMessage,
    MessageDeleted,
    UserFirst,
    AuthenticationFailed,
    MaildropLocked,
    MaildropUnavailable,
    MessageUnavailable,
    InternalError,
    ServerShuttingDown,
    Autologout,
    UpdateFailed,
}
