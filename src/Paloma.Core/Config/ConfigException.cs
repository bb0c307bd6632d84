namespace Paloma.Config;

/// <summary>A configuration that cannot be used; the message names the file, line and key.</summary>
public sealed class ConfigException(string message) : Exception(message);
