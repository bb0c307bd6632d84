using Paloma.Imap.Protocol;
using Paloma.Imap.Server.Threading;

namespace Paloma.Imap.Server.Commands;

/// <summary>THREAD and UID THREAD (RFC 5256 §3): ORDEREDSUBJECT and REFERENCES.</summary>
internal static class ThreadHandler
{
    public static async Task<ImapCompletion> RunAsync(ImapSession session, ThreadCommand command,
        CancellationToken ct)
    {
        if (SearchHandler.CharsetRefusal(command.Charset) is { } refusal)
        {
            return refusal;
        }

        var entries = await SortEntry.LoadAsync(session, command.Key, withHeaders: true, ct).ConfigureAwait(false);
        var threads = command.Algorithm == "REFERENCES"
            ? ReferencesThreader.Build(entries)
            : OrderedSubjectThreader.Build(entries);
        session.Writer.Raw(threads.Count > 0 ? "* THREAD " : "* THREAD");
        ThreadNode.Write(session.Writer, threads, command.Uid);
        session.Writer.Line();
        return ImapCompletion.Ok($"{command.Name} completed");
    }
}
