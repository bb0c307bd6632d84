using Microsoft.Data.Sqlite;
using Paloma.Storage;

namespace Paloma.Tests.Storage;

/// <summary>
/// Pooled connections keep their pragmas from one open to the next, and the pragmas are no longer run at every
/// open: each connection handed out must still be in the mode its caller asked for (synchronous=FULL for
/// durable writes, NORMAL for flag changes), with foreign keys on and the busy timeout set, however the uses
/// interleave and from whichever SqliteDatabase of the file.
/// </summary>
public sealed class ConnectionPragmaTests
{
    [Fact]
    public void EveryConnectionIsInTheModeItWasOpenedFor()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paloma-pragma-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var first = SqliteDatabase.Open(directory);
            using var second = SqliteDatabase.Open(directory);
            var open = new List<SqliteConnection>();
            var pattern = new[] { true, false, false, true, true, false, true, false };
            for (var round = 0; round < 4; round++)
            {
                // Several at once, so the pools hold more than one connection, then all returned together.
                for (var i = 0; i < pattern.Length; i++)
                {
                    var database = (i + round) % 2 == 0 ? first : second;
                    var durable = pattern[(i + round) % pattern.Length];
                    var connection = database.OpenConnection(durable);
                    Check(connection, durable);
                    open.Add(connection);
                }

                open.ForEach(c => c.Dispose());
                open.Clear();

                // One at a time, alternating: pooled connections come back, each still in the mode of its own use.
                for (var i = 0; i < 6; i++)
                {
                    var durable = i % 3 != 1;
                    using var connection = (i % 2 == 0 ? first : second).OpenConnection(durable);
                    Check(connection, durable);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void FlagChangesUseConnectionsOfTheirOwn()
    {
        var directory = Path.Combine(Path.GetTempPath(), "paloma-pragma-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var database = SqliteDatabase.Open(directory);
            SqliteConnection.ClearAllPools();
            object durable, again, flags;
            using (var connection = database.OpenConnection())
            {
                durable = connection.Handle!;
            }

            using (var connection = database.OpenConnection())
            {
                again = connection.Handle!;
            }

            using (var connection = database.OpenConnection(durable: false))
            {
                flags = connection.Handle!;
            }

            // The idle durable connection is handed out again, but not for a flag change: no mode switch per STORE.
            Assert.Same(durable, again);
            Assert.NotSame(durable, flags);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Check(SqliteConnection connection, bool durable)
    {
        Assert.Equal(durable ? 2L : 1L, Scalar(connection, "PRAGMA synchronous"));
        Assert.Equal(1L, Scalar(connection, "PRAGMA foreign_keys"));
        Assert.Equal(30000L, Scalar(connection, "PRAGMA busy_timeout"));
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
