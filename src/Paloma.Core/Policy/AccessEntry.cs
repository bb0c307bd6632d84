namespace Paloma.Policy;

/// <summary>One access map entry as written, with where it came from, so that a log line can say which rule
/// decided ("/etc/mail/access:12 Connect:192.0.2 REJECT").</summary>
public sealed record AccessEntry(AccessKeyKind Kind, string Key, AccessAction Action, string Source, int Line)
{
    public string Describe()
    {
        var tag = Kind == AccessKeyKind.Untagged ? "" : Kind + ":";
        var action = Action.Kind == AccessActionKind.Error
            ? $"ERROR:{Action.EnhancedCode}:{Action.ReplyCode} {Action.Text}"
            : Action.Kind.ToString().ToUpperInvariant();
        return $"{Source}:{Line} {tag}{Key} {action}";
    }
}
