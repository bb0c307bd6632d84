namespace Paloma.Import;

/// <summary>One macro call of a sendmail.mc file, e.g. define(`confMAX_MESSAGE_SIZE', `10485760'): the name,
/// the arguments with their quotes removed, and the line it starts on.</summary>
public sealed record M4Call(string Name, IReadOnlyList<string> Arguments, int Line)
{
    public string Argument(int index) => index < Arguments.Count ? Arguments[index] : "";

    public override string ToString() => $"{Name}({string.Join(", ", Arguments.Select(a => "`" + a + "'"))})";
}
