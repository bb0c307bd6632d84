namespace Paloma.Policy;

/// <summary>A map or list file (access, aliases, virtusertable, local-host-names, relay-domains, or inline
/// rules from the configuration) that cannot be used. <see cref="Line"/> is 1-based; 0 means the whole source,
/// for example when the file cannot be read.</summary>
public sealed class MapParseException : Exception
{
    public MapParseException(string source, int line, string detail, Exception? inner = null)
        : base(line > 0 ? $"{source}:{line}: {detail}" : $"{source}: {detail}", inner)
    {
        Source = source;
        Line = line;
        Detail = detail;
    }

    /// <summary>The file path, or a name such as "[access] rules" for inline configuration.</summary>
    public new string Source { get; }

    public int Line { get; }

    /// <summary>The message without the source and line prefix.</summary>
    public string Detail { get; }
}
