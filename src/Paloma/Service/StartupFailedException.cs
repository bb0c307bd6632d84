namespace Paloma.Cli.Service;

/// <summary>The server could not start (a port in use, another server on the same data directory); the message
/// is what <c>paloma run</c> prints and <c>paloma start</c> shows from the log.</summary>
internal sealed class StartupFailedException(string message, Exception inner) : Exception(message, inner);
