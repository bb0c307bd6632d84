using System.Text;
using MailKit.Security;
using Paloma.Tests.Support;

namespace Paloma.Tests.Auth;

/// <summary>Shared pieces of the authentication and TLS tests.</summary>
internal static class AuthTest
{
    public const string Alice = "alice@example.com";

    /// <summary>Every mechanism MailKit implements, DIGEST-MD5 included (enabled with <see cref="AllMechanisms"/>).
    /// </summary>
    public static TheoryData<string> MailKitMechanisms => new()
    {
        "PLAIN", "LOGIN", "CRAM-MD5", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256",
    };

    /// <summary>Enables every mechanism the tests use, in a fixed order.</summary>
    public static void AllMechanisms(Paloma.Config.PalomaConfig config) =>
        config.Auth.Mechanisms =
        [
            "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1", "CRAM-MD5", "DIGEST-MD5", "PLAIN", "LOGIN",
        ];

    /// <summary>The MailKit client mechanism for a name, with alice's credentials.</summary>
    public static SaslMechanism MailKitMechanism(string name, string password = TestServer.Password)
    {
        var credentials = new System.Net.NetworkCredential(Alice, password);
        return name switch
        {
            "PLAIN" => new SaslMechanismPlain(credentials),
            "LOGIN" => new SaslMechanismLogin(credentials),
            "CRAM-MD5" => new SaslMechanismCramMd5(credentials),
            "DIGEST-MD5" => new SaslMechanismDigestMd5(credentials),
            "SCRAM-SHA-1" => new SaslMechanismScramSha1(credentials),
            "SCRAM-SHA-256" => new SaslMechanismScramSha256(credentials),
            "SCRAM-SHA-256-PLUS" => new SaslMechanismScramSha256Plus(credentials),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The SASL PLAIN message for alice (RFC 4616 §2).</summary>
    public static string PlainAlice(string password = TestServer.Password) => Base64("\0" + Alice + "\0" + password);
}
