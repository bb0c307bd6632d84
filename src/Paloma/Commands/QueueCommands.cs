using System.CommandLine;
using System.Globalization;
using Paloma.Queue;
using Paloma.Storage;

namespace Paloma.Cli.Commands;

/// <summary><c>paloma queue list|show|flush|delete</c>: the outbound queue, read and changed in the database.
/// A running server sees a flush or delete at its next scan (<c>queue.scan_interval</c>).</summary>
internal static class QueueCommands
{
    public static Command Create()
    {
        var queue = new Command("queue", "Inspect and manage the outbound queue");

        var list = new Command("list", "List queued messages");
        list.SetAction(async (result, ct) => await WithStore(result, async store =>
        {
            Console.WriteLine("ID            AGE      SIZE  SENDER  RECIPIENTS  NEXT-ATTEMPT  LAST-ERROR");
            var now = DateTimeOffset.UtcNow;
            foreach (var e in await store.ListAsync().ConfigureAwait(false))
            {
                var pending = e.Recipients.Where(r => r.Status == RecipientStatus.Pending).ToList();
                var next = pending.Count == 0 ? "-" : pending.Min(r => r.NextAttempt).ToString("u", Inv);
                var error = e.Recipients.Select(r => r.LastReply).LastOrDefault(r => r is not null) ?? "-";
                Console.WriteLine(string.Join("  ", e.Message.Id, Age(now - e.Message.Arrival),
                    e.Message.Size.ToString(Inv), Sender(e.Message),
                    string.Join(",", e.Recipients.Select(r => r.Address)), next, error.Replace('\n', ' ')));
            }

            return PalomaCli.Success;
        }).ConfigureAwait(false));

        var showId = new Argument<string>("id") { Description = "Queue id" };
        var show = new Command("show", "Show a queued message's envelope and recipients") { showId };
        show.SetAction(async (result, ct) => await WithStore(result, async store =>
        {
            var e = await store.GetAsync(result.GetValue(showId)!).ConfigureAwait(false)
                ?? throw new UsageException($"no queued message {result.GetValue(showId)}");
            Console.WriteLine($"id: {e.Message.Id}");
            Console.WriteLine($"arrival: {e.Message.Arrival.ToString("u", Inv)}");
            Console.WriteLine($"size: {e.Message.Size}");
            Console.WriteLine($"sender: {Sender(e.Message)}");
            Console.WriteLine($"envid: {e.Message.EnvelopeId ?? "-"}  ret: {e.Message.Return}");
            Console.WriteLine($"file: {e.Message.Path}");
            foreach (var r in e.Recipients)
            {
                Console.WriteLine($"recipient: {r.Address} status={r.Status.ToString().ToLowerInvariant()} "
                    + $"attempts={r.Attempts} next={r.NextAttempt.ToString("u", Inv)} notify={r.Notify} "
                    + $"orcpt={r.OriginalRecipient ?? "-"} last={r.LastReply?.Replace('\n', ' ') ?? "-"}");
            }

            return PalomaCli.Success;
        }).ConfigureAwait(false));

        var flushId = new Argument<string?>("id")
        {
            Description = "Queue id (default: all)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var flush = new Command("flush", "Make queued messages due now") { flushId };
        flush.SetAction(async (result, ct) => await WithStore(result, async store =>
        {
            var count = await store.FlushAsync(result.GetValue(flushId)).ConfigureAwait(false);
            Console.WriteLine($"{count} recipient(s) due now");
            return PalomaCli.Success;
        }).ConfigureAwait(false));

        var deleteId = new Argument<string>("id") { Description = "Queue id" };
        var delete = new Command("delete", "Remove a message from the queue without any report") { deleteId };
        delete.SetAction(async (result, ct) => await WithStore(result, async store =>
        {
            var id = result.GetValue(deleteId)!;
            if (!await store.DeleteAsync(id).ConfigureAwait(false))
            {
                throw new UsageException($"no queued message {id}");
            }

            Console.WriteLine($"{id} deleted");
            return PalomaCli.Success;
        }).ConfigureAwait(false));

        queue.Subcommands.Add(list);
        queue.Subcommands.Add(show);
        queue.Subcommands.Add(flush);
        queue.Subcommands.Add(delete);
        return queue;
    }

    private static CultureInfo Inv => CultureInfo.InvariantCulture;

    private static async Task<int> WithStore(ParseResult result, Func<QueueStore, Task<int>> action)
    {
        var config = PalomaCli.LoadConfig(result);
        using var database = SqliteDatabase.Open(config.DataDirectory);
        return await action(new QueueStore(database, config.DataDirectory, TimeProvider.System)).ConfigureAwait(false);
    }

    private static string Sender(QueuedMessage m) => m.ReversePath.Length == 0 ? "<>" : m.ReversePath;

    private static string Age(TimeSpan age) => age.TotalHours >= 1
        ? $"{(int)age.TotalHours}h{age.Minutes:00}m"
        : $"{(int)Math.Max(0, age.TotalMinutes)}m";
}
