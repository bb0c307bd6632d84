namespace Paloma.Tests.Support;

/// <summary>A fact that xunit reports as skipped, with the reason, when a program it drives is not installed
/// (Postfix's tools, say); .ci/run installs them, so CI runs it.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactRequiringFilesAttribute : FactAttribute
{
    public FactRequiringFilesAttribute(string package, params string[] paths)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"{string.Join(", ", missing)} missing (install the Debian package {package})";
        }
    }
}
