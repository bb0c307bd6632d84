namespace Paloma.Tests.Imap.SyncClients;

/// <summary>A fact that is skipped, with a message saying what to install, when a program it runs is not on the
/// PATH. .ci/run installs them, so in CI it always runs.</summary>
public sealed class RequiresProgramsFactAttribute : FactAttribute
{
    public RequiresProgramsFactAttribute(params string[] programs)
    {
        var missing = programs.Where(p => ExternalProgram.Find(p) is null).ToList();
        if (missing.Count > 0)
        {
            Skip = $"not installed: {string.Join(", ", missing)} (apt-get install isync offlineimap)";
        }
    }
}
