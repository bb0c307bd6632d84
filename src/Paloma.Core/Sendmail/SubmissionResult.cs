namespace Paloma.Sendmail;

/// <summary>The outcome of one submission: the exit status, the queue id when something was queued, and one
/// line per recipient that could not be delivered (Sendmail's "addr... User unknown").</summary>
public sealed record SubmissionResult(int ExitCode, string? QueueId, IReadOnlyList<string> Errors)
{
    public static SubmissionResult Fail(int exitCode, string error) => new(exitCode, null, [error]);
}
