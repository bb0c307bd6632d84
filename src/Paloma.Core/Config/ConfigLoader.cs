using System.Globalization;
using System.Net;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Paloma.Config;

/// <summary>
/// Finds and reads paloma.toml. The file is walked as a syntax tree rather than deserialised so that every
/// error can name the file, the line and the key: an unknown key, a wrong type and an invalid value are all
/// errors, never silently ignored.
/// </summary>
public static class ConfigLoader
{
    public const string EnvironmentVariable = "PALOMA_CONFIG";

    private static readonly string[] s_searchPath = ["./paloma.toml", "/etc/paloma/paloma.toml"];

    /// <summary>
    /// The file to use, in the order of the product brief: --config, $PALOMA_CONFIG, ./paloma.toml,
    /// /etc/paloma/paloma.toml; null when none exists (embedded defaults). An explicitly named file that does
    /// not exist is an error.
    /// </summary>
    public static string? Locate(string? explicitPath)
    {
        if (!string.IsNullOrEmpty(explicitPath))
        {
            return File.Exists(explicitPath)
                ? explicitPath
                : throw new ConfigException($"{explicitPath}: configuration file not found (--config)");
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return File.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new ConfigException(
                    $"{fromEnvironment}: configuration file not found (${EnvironmentVariable})");
        }

        return s_searchPath.FirstOrDefault(File.Exists);
    }

    public static PalomaConfig Load(string? explicitPath)
    {
        var path = Locate(explicitPath);
        return path is null ? new PalomaConfig() : LoadFile(path);
    }

    public static PalomaConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read configuration: {e.Message}");
        }

        var config = Parse(text, path);
        config.SourceFile = Path.GetFullPath(path);
        return config;
    }

    public static PalomaConfig Parse(string text, string fileName)
    {
        var document = SyntaxParser.Parse(text, fileName, true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
            throw new ConfigException($"{fileName}:{first.Span.Start.Line + 1}: TOML syntax error: {first.Message}");
        }

        var config = new PalomaConfig();
        var errors = new List<string>();
        foreach (var item in document.KeyValues)
        {
            errors.Add(Describe(fileName, item, KeyName(item.Key),
                "settings must be inside a table such as [server] or [listen]"));
        }

        foreach (var table in document.Tables)
        {
            var tableName = table.Name?.ToString().Trim() ?? "";
            var line = table.Span.Start.Line + 1;
            if (table is not TableSyntax)
            {
                errors.Add($"{fileName}:{line}: [[{tableName}]]: arrays of tables are not used by Paloma");
                continue;
            }

            if (!ConfigSchema.Tables.TryGetValue(tableName, out var keys))
            {
                errors.Add($"{fileName}:{line}: [{tableName}]: unknown table; known tables are "
                    + string.Join(", ", ConfigSchema.Tables.Keys.Select(k => $"[{k}]")));
                continue;
            }

            foreach (var item in table.Items)
            {
                var key = KeyName(item.Key);
                var qualified = $"{tableName}.{key}";
                if (!keys.TryGetValue(key, out var setting))
                {
                    errors.Add(Describe(fileName, item, qualified, "unknown key; known keys in this table are "
                        + string.Join(", ", keys.Keys)));
                    continue;
                }

                try
                {
                    setting.Apply(config, item.Value!);
                }
                catch (ConfigValueException e)
                {
                    errors.Add(Describe(fileName, item, qualified, e.Message));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join(Environment.NewLine, errors));
        }

        return config;
    }

    private static string KeyName(KeySyntax? key) => key?.ToString().Trim().Trim('"') ?? "";

    private static string Describe(string file, SyntaxNode node, string key, string message) =>
        $"{file}:{node.Span.Start.Line + 1}: {key}: {message}";

    internal static string ReadString(ValueSyntax value) => value is StringValueSyntax s
        ? s.Value ?? ""
        : throw new ConfigValueException($"expected a string, found {Describe(value)}");

    internal static long ReadInteger(ValueSyntax value, long min, long max)
    {
        if (value is not IntegerValueSyntax i)
        {
            throw new ConfigValueException($"expected an integer, found {Describe(value)}");
        }

        return i.Value < min || i.Value > max
            ? throw new ConfigValueException($"{i.Value} is out of range ({min}..{max})")
            : i.Value;
    }

    internal static bool ReadBoolean(ValueSyntax value) => value is BooleanValueSyntax b
        ? b.Value
        : throw new ConfigValueException($"expected true or false, found {Describe(value)}");

    internal static List<string> ReadStringArray(ValueSyntax value)
    {
        if (value is not ArraySyntax array)
        {
            throw new ConfigValueException($"expected an array of strings, found {Describe(value)}");
        }

        return array.Items.Select(item => item.Value is StringValueSyntax s
            ? s.Value ?? ""
            : throw new ConfigValueException($"expected an array of strings, found {Describe(item.Value!)}"))
            .ToList();
    }

    /// <summary>Parses "host:port", "[v6]:port" or "*:port" into an endpoint.</summary>
    internal static IPEndPoint ParseEndPoint(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture,
                out var port) || port > 65535)
        {
            throw new ConfigValueException($"\"{text}\" is not an address:port such as \"127.0.0.1:25\"");
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        if (host is "*" or "0.0.0.0")
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new ConfigValueException($"\"{host}\" is not an IP address (listen addresses are literal)");
    }

    private static string Describe(ValueSyntax value) => value switch
    {
        StringValueSyntax => "a string",
        IntegerValueSyntax => "an integer",
        BooleanValueSyntax => "a boolean",
        FloatValueSyntax => "a float",
        ArraySyntax => "an array",
        InlineTableSyntax => "an inline table",
        _ => value.Kind.ToString(),
    };
}

internal sealed class ConfigValueException(string message) : Exception(message);
