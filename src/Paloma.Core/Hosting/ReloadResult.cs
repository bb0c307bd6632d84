namespace Paloma.Hosting;

/// <summary>The outcome of one reload: on failure <see cref="Message"/> names the file, line and key (or the
/// static setting that changed) and the previous configuration is still in force.</summary>
public sealed record ReloadResult(bool Succeeded, string Message, DateTimeOffset Time);
