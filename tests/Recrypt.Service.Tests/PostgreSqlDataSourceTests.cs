using Npgsql;
using Recrypt.Service.Storage.PostgreSql;

namespace Recrypt.Service.Tests;

/// <summary>The service prepares its statements on each connection unless the operator's connection string says otherwise.</summary>
public sealed class PostgreSqlDataSourceTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Username=recrypt", PostgreSqlStorage.DefaultMaxAutoPrepare)]
    [InlineData("Host=127.0.0.1;Username=recrypt;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;Username=recrypt;MaxAutoPrepare=7", 7)]
    public void AutomaticPreparationIsOnUnlessTheConnectionStringSetsIt(string connectionString, int expected)
    {
        using var dataSource = PostgreSqlStorage.CreateDataSource(connectionString);

        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
