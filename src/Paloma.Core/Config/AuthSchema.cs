using Paloma.Sasl;
using Tomlyn.Syntax;
using static Paloma.Config.ConfigSchema;

namespace Paloma.Config;

/// <summary>The keys of [auth]; mechanism names are checked against the ones Paloma implements.</summary>
internal static class AuthSchema
{
    public static Dictionary<string, Setting> Keys => new(StringComparer.Ordinal)
    {
        ["mechanisms"] = new((c, v) => c.Auth.Mechanisms = Mechanisms(v)),
        ["plaintext_requires_tls"] = new((c, v) => c.Auth.PlaintextRequiresTls = ConfigLoader.ReadBoolean(v)),
        ["relay_mechanisms"] = new((c, v) => c.Auth.RelayMechanisms = Mechanisms(v)),
        ["max_failures"] = new((c, v) => c.Auth.MaxFailures = (int)ConfigLoader.ReadInteger(v, 1, 1_000_000)),
        ["delay_after_failures"] = new((c, v) => c.Auth.DelayAfterFailures =
            (int)ConfigLoader.ReadInteger(v, 1, 1_000_000)),
        ["failure_delay"] = new((c, v) => c.Auth.FailureDelay = (int)ConfigLoader.ReadInteger(v, 0, 60)),
        ["failure_window"] = new((c, v) => c.Auth.FailureWindow = (int)ConfigLoader.ReadInteger(v, 1, 86400)),
    };

    private static List<string> Mechanisms(ValueSyntax value)
    {
        var names = new List<string>();
        foreach (var name in ConfigLoader.ReadStringArray(value))
        {
            var known = SaslMechanismNames.All.FirstOrDefault(
                n => n.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigValueException($"\"{name}\" is not a SASL mechanism Paloma implements; known: "
                    + string.Join(", ", SaslMechanismNames.All));
            if (names.Contains(known))
            {
                throw new ConfigValueException($"\"{name}\" is listed twice");
            }

            names.Add(known);
        }

        return names;
    }
}
