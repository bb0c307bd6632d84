namespace Paloma.Smtp.Protocol;

/// <summary>The three-digit SMTP reply codes Paloma sends, named by number and meaning (RFC 5321 §4.2.2-3).</summary>
public enum SmtpReplyCode
{
    HelpMessage214 = 214,
    ServiceReady220 = 220,
    AuthSucceeded235 = 235,
    ServiceClosing221 = 221,
    Ok250 = 250,
    CannotVerify252 = 252,
    AuthChallenge334 = 334,
    StartMailInput354 = 354,
    ServiceNotAvailable421 = 421,
    LocalError451 = 451,
    InsufficientStorage452 = 452,
    TlsNotAvailable454 = 454,
    SyntaxError500 = 500,
    ParameterSyntaxError501 = 501,
    NotImplemented502 = 502,
    BadSequence503 = 503,
    ParameterNotImplemented504 = 504,
    AuthRequired530 = 530,
    AuthInvalid535 = 535,
    EncryptionRequired538 = 538,
    MailboxUnavailable550 = 550,
    ExceededStorage552 = 552,
    MailboxNameNotAllowed553 = 553,
    TransactionFailed554 = 554,
    ParametersNotRecognized555 = 555,
}
