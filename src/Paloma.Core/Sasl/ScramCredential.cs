namespace Paloma.Sasl;

/// <summary>
/// What the server keeps for SCRAM (RFC 5802 §3): enough to verify a client proof, not enough to compute one
/// (a stolen StoredKey does not let an attacker log in, unlike the CRAM-MD5 and DIGEST-MD5 secrets).
/// </summary>
/// <param name="Algorithm">The hash the keys were computed with.</param>
/// <param name="Iterations">PBKDF2 iteration count <c>i</c>.</param>
/// <param name="Salt">The salt <c>s</c>.</param>
/// <param name="StoredKey">H(ClientKey).</param>
/// <param name="ServerKey">HMAC(SaltedPassword, "Server Key").</param>
public sealed record ScramCredential(
    ScramHashAlgorithm Algorithm,
    int Iterations,
    byte[] Salt,
    byte[] StoredKey,
    byte[] ServerKey);
