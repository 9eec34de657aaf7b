using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// Creates Identity's tables on first start. EnsureCreated cannot be used because the database
/// already holds the grain-state tables, so this checks for Identity's own table and creates the
/// tables when it is missing; a second start, or a second node starting at once, changes nothing.
/// </summary>
public sealed partial class IdentitySchemaInitializer(IServiceScopeFactory scopes, ILogger<IdentitySchemaInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NetworkDbContext>();
        if (await HasUsersTableAsync(db, cancellationToken))
        {
            return;
        }

        var creator = db.GetService<IRelationalDatabaseCreator>();
        try
        {
            await creator.CreateTablesAsync(cancellationToken);
            LogCreated();
        }
        catch (Exception)
        {
            // Another node may have created them at the same moment; anything else is a real failure.
            if (!await HasUsersTableAsync(db, cancellationToken))
            {
                throw;
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<bool> HasUsersTableAsync(NetworkDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = db.Database.IsNpgsql()
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'AspNetUsers'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'AspNetUsers'";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the sign-in tables")]
    private partial void LogCreated();
}
