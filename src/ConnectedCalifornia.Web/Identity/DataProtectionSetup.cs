using System.Xml.Linq;
using ConnectedCalifornia.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>
/// Where the Data Protection keys live (they encrypt sign-in sessions, antiforgery tokens and one-time links).
/// A cluster keeps them in its PostgreSQL database (table <c>cc_data_protection_key</c>), so every web node on
/// every host reads the same key ring; the embedded topology keeps them in <c>&lt;DataDirectory&gt;/keys</c>.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>The same on every node, so a payload protected by one node is read by the others whatever their folders.</summary>
    public const string ApplicationName = "connected-california";

    public static IServiceCollection AddNetworkDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);

        // Embedded: the data folder (an operator may still point the keys elsewhere).
        services.AddOptions<KeyManagementOptions>().Configure<NetworkDatabase, IOptions<NetworkHostingOptions>, ILoggerFactory>((keys, database, hosting, logs) =>
        {
            if (database.Provider == NetworkDatabaseProvider.Sqlite)
            {
                var folder = new DirectoryInfo(Path.Combine(hosting.Value.GetDataDirectoryFullPath(), "keys"));
                keys.XmlRepository = new FileSystemXmlRepository(folder, logs);
            }
        });

        // Cluster: always the database, whatever else was configured: a node with its own folder would issue
        // cookies no other node can read.
        services.AddOptions<KeyManagementOptions>().PostConfigure<NetworkDatabase>((keys, database) =>
        {
            if (database.Provider == NetworkDatabaseProvider.PostgreSql)
            {
                keys.XmlRepository = new PostgreSqlXmlRepository(database.ConnectionString);
            }
        });
        return services;
    }
}

/// <summary>The key ring in table <c>cc_data_protection_key</c> (created by schema script 0008). Keys are only ever added.</summary>
internal sealed class PostgreSqlXmlRepository(string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM cc_data_protection_key ORDER BY created_at, friendly_name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("INSERT INTO cc_data_protection_key (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
