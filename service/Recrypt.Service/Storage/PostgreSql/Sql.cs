using Npgsql;

namespace Recrypt.Service.Storage.PostgreSql;

/// <summary>Commands with positional parameters (<c>$1</c>, <c>$2</c>, …), the stores' one way of talking to PostgreSQL.</summary>
internal static class Sql
{
    /// <summary>A command on a connection of the pool, opened for it and returned after it (one statement: its own transaction).</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params object?[] values) =>
        WithParameters(dataSource.CreateCommand(sql), values);

    /// <summary>A command in <paramref name="transaction"/>.</summary>
    public static NpgsqlCommand Command(NpgsqlTransaction transaction, string sql, params object?[] values) =>
        WithParameters(new NpgsqlCommand(sql, transaction.Connection, transaction), values);

    /// <summary>Runs <paramref name="statements"/> in <paramref name="transaction"/> in one round trip.</summary>
    public static void ExecuteBatch(NpgsqlTransaction transaction, params (string Sql, object?[] Values)[] statements)
    {
        using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        AddCommands(batch, statements);
        batch.ExecuteNonQuery();
    }

    /// <summary>One command of a batch, with positional parameters.</summary>
    public static NpgsqlBatchCommand BatchCommand(string sql, object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddValues(command.Parameters, values);
        return command;
    }

    private static void AddCommands(NpgsqlBatch batch, (string Sql, object?[] Values)[] statements)
    {
        foreach (var (sql, values) in statements)
        {
            batch.BatchCommands.Add(BatchCommand(sql, values));
        }
    }

    /// <summary>
    /// Runs <paramref name="statements"/> on a connection of the pool in one round trip and one implicit
    /// transaction: when one fails, none of them is kept.
    /// </summary>
    public static void ExecuteBatch(NpgsqlDataSource dataSource, params (string Sql, object?[] Values)[] statements)
    {
        using var connection = dataSource.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        AddCommands(batch, statements);
        batch.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/>; returns the number of rows it changed.</summary>
    public static int Execute(NpgsqlDataSource dataSource, string sql, params object?[] values)
    {
        using var command = Command(dataSource, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> in <paramref name="transaction"/>; returns the number of rows it changed.</summary>
    public static int Execute(NpgsqlTransaction transaction, string sql, params object?[] values)
    {
        using var command = Command(transaction, sql, values);
        return command.ExecuteNonQuery();
    }

    /// <summary>The rows of <paramref name="sql"/>, each read by <paramref name="read"/>.</summary>
    public static List<T> Query<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read, params object?[] values)
    {
        using var command = Command(dataSource, sql, values);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>The first row of <paramref name="sql"/> read by <paramref name="read"/>, or the default when there is none.</summary>
    public static T? QuerySingle<T>(NpgsqlDataSource dataSource, string sql, Func<NpgsqlDataReader, T> read, params object?[] values)
    {
        using var command = Command(dataSource, sql, values);
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : default;
    }

    /// <summary>The first row of <paramref name="sql"/> in <paramref name="transaction"/>, read by <paramref name="read"/>, or the default when there is none.</summary>
    public static T? QuerySingle<T>(NpgsqlTransaction transaction, string sql, Func<NpgsqlDataReader, T> read, params object?[] values)
    {
        using var command = Command(transaction, sql, values);
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : default;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, committed when it returns (rolled back when it throws).</summary>
    public static T InTransaction<T>(NpgsqlDataSource dataSource, Func<NpgsqlTransaction, T> work)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        var result = work(transaction);
        transaction.Commit();
        Observability.RecryptMetrics.StorageWrite("PostgreSQL", started);
        return result;
    }

    /// <summary>Whether <paramref name="exception"/> is a unique-constraint violation (another writer got there first).</summary>
    public static bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static NpgsqlCommand WithParameters(NpgsqlCommand command, object?[] values)
    {
        AddValues(command.Parameters, values);
        return command;
    }

    private static void AddValues(NpgsqlParameterCollection parameters, object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
