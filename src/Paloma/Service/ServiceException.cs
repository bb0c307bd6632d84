namespace Paloma.Cli.Service;

/// <summary>A service command could not talk to the server (a control socket that accepts but does not answer,
/// a permission problem); a runtime failure, exit status 1.</summary>
internal sealed class ServiceException(string message) : Exception(message);
