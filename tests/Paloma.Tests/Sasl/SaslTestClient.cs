using System.Text;
using MailKit.Security;
using Paloma.Sasl;

namespace Paloma.Tests.Sasl;

/// <summary>Drives a MailKit client mechanism against a server mechanism in memory, through base64 both ways as
/// the protocol layer will.</summary>
internal static class SaslTestClient
{
    public static SaslContext Context(ISaslCredentialStore store, ChannelBinding? binding = null) => new()
    {
        Credentials = store,
        Hostname = "mx.example.com",
        IsSecure = true,
        ChannelBinding = binding,
        Service = "smtp",
    };

    /// <summary>Runs the whole exchange; on success with server data, the client checks it (SCRAM's v=,
    /// DIGEST-MD5's rspauth) and must then be authenticated.</summary>
    public static async Task<SaslResult> RunAsync(SaslMechanism client, ISaslMechanism server,
        bool initialResponse = true, Func<int, byte[], byte[]>? tamper = null)
    {
        SetServiceUri(client);
        SaslResult result;
        var step = 0;
        if (initialResponse && client.SupportsInitialResponse)
        {
            var ir = Decode(client.Challenge(null));
            result = await server.StartAsync(tamper?.Invoke(step++, ir) ?? ir);
        }
        else
        {
            result = await server.StartAsync(null);
        }

        while (result.IsContinue)
        {
            var response = Decode(client.Challenge(SaslWire.Encode(result.Challenge)));
            result = await server.StepAsync(tamper?.Invoke(step++, response) ?? response);
        }

        if (result.IsSuccess && result.ServerData is not null)
        {
            Assert.Equal("", client.Challenge(SaslWire.Encode(result.ServerData)));
        }

        if (result.IsSuccess)
        {
            Assert.True(client.IsAuthenticated);
        }

        return result;
    }

    // MailKit's SaslMechanism.Uri (the digest-uri source for DIGEST-MD5) is set by its protocol clients and has
    // no public setter; a test talking to the mechanism directly sets it the same way.
    private static void SetServiceUri(SaslMechanism client)
    {
        var property = typeof(SaslMechanism).GetProperty("Uri",
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public
            | System.Reflection.BindingFlags.NonPublic);
        if (property?.GetValue(client) is null)
        {
            property?.SetValue(client, new Uri("smtp://mx.example.com"));
        }
    }

    public static byte[] Decode(string line)
    {
        Assert.True(SaslWire.TryDecode(line, out var bytes), $"client sent invalid base64: {line}");
        return bytes;
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
