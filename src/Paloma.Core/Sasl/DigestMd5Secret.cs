namespace Paloma.Sasl;

/// <summary>
/// The DIGEST-MD5 secret (RFC 2831 §2.1.2.1): the 16-octet MD5 of <c>username ":" realm ":" password</c>,
/// all UTF-8. It is bound to the user name and realm, and is password-equivalent for DIGEST-MD5.
/// </summary>
/// <param name="Realm">The realm the hash was computed for.</param>
/// <param name="UserRealmPasswordHash">H({ username-value, ":", realm-value, ":", passwd }).</param>
public sealed record DigestMd5Secret(string Realm, byte[] UserRealmPasswordHash);
