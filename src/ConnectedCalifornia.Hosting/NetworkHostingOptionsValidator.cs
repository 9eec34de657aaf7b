using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// Checks <see cref="NetworkHostingOptions"/> and names the configuration key of every wrong setting,
/// both at start (<c>ValidateOnStart</c>) and eagerly while Orleans is being configured (<see cref="Load"/>).
/// </summary>
public sealed class NetworkHostingOptionsValidator : IValidateOptions<NetworkHostingOptions>
{
    private const string Section = NetworkHostingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, NetworkHostingOptions options)
    {
        var failures = Check(options).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Reads section <c>ConnectedCalifornia</c> of <paramref name="configuration"/> and validates it.
    /// Throws <see cref="OptionsValidationException"/> whose message lists every wrong setting by its key.
    /// </summary>
    public static NetworkHostingOptions Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var failures = CheckEnum<NetworkTopology>(section, nameof(NetworkHostingOptions.Topology))
            .Concat(CheckEnum<NetworkNodeRole>(section, nameof(NetworkHostingOptions.Role)))
            .ToList();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(NetworkHostingOptions), failures);
        }

        var options = new NetworkHostingOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            // A number that does not parse, for example: the binder's message names the key.
            throw new OptionsValidationException(Options.DefaultName, typeof(NetworkHostingOptions), [exception.Message]);
        }

        failures = Check(options).ToList();
        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(Options.DefaultName, typeof(NetworkHostingOptions), failures);
    }

    /// <summary>The problems of <paramref name="options"/>, one clear sentence each; empty when all is well.</summary>
    public static IEnumerable<string> Check(NetworkHostingOptions options)
    {
        if (!Enum.IsDefined(options.Topology))
        {
            yield return EnumMessage<NetworkTopology>(nameof(options.Topology)) + ".";
        }

        if (!Enum.IsDefined(options.Role))
        {
            yield return EnumMessage<NetworkNodeRole>(nameof(options.Role)) + ".";
        }

        if (options.Topology == NetworkTopology.Embedded && options.Role == NetworkNodeRole.Client)
        {
            yield return $"{Section}:Role 'Client' needs {Section}:Topology 'Cluster': the embedded topology has no silo to connect to.";
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            yield return $"{Section}:ClusterId must not be empty.";
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            yield return $"{Section}:ServiceId must not be empty.";
        }

        foreach (var failure in CheckPorts(options))
        {
            yield return failure;
        }

        if (!string.IsNullOrWhiteSpace(options.AdvertisedIPAddress) && options.AdvertisedIPAddress != NetworkHostingOptions.AutoAddress && !IPAddress.TryParse(options.AdvertisedIPAddress, out _))
        {
            yield return $"{Section}:AdvertisedIPAddress '{options.AdvertisedIPAddress}' is not an IP address (or 'auto').";
        }

        var failuresOfDatabase = options.Topology == NetworkTopology.Cluster ? CheckPostgreSql(options.PostgreSql) : CheckDataDirectory(options);
        foreach (var failure in failuresOfDatabase)
        {
            yield return failure;
        }
    }

    private static IEnumerable<string> CheckPorts(NetworkHostingOptions options)
    {
        if (options.SiloPort is < 1 or > 65535)
        {
            yield return $"{Section}:SiloPort must be between 1 and 65535 (was {options.SiloPort}).";
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            yield return $"{Section}:GatewayPort must be between 1 and 65535 (was {options.GatewayPort}).";
        }

        if (options.SiloPort == options.GatewayPort)
        {
            yield return $"{Section}:SiloPort and {Section}:GatewayPort must differ (both are {options.SiloPort}).";
        }
    }

    private static IEnumerable<string> CheckDataDirectory(NetworkHostingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            yield return $"{Section}:DataDirectory must not be empty: it is the folder of the SQLite file of the embedded topology.";
        }
        else if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"{Section}:DataDirectory '{options.DataDirectory}' is not a valid path.";
        }
    }

    private static IEnumerable<string> CheckPostgreSql(PostgreSqlOptions postgreSql)
    {
        if (postgreSql.MaxPoolSize is < 1 or > 1000)
        {
            yield return $"{Section}:PostgreSql:MaxPoolSize must be between 1 and 1000 (was {postgreSql.MaxPoolSize}).";
        }

        if (string.IsNullOrWhiteSpace(postgreSql.ConnectionString))
        {
            yield return $"{Section}:PostgreSql:ConnectionString is required when {Section}:Topology is 'Cluster' " +
                "(for example Host=db;Username=cc;Password=...;Database=connected_california).";
            yield break;
        }

        string? problem = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(postgreSql.ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            problem = exception.Message;
        }

        if (problem is not null)
        {
            yield return $"{Section}:PostgreSql:ConnectionString is not a valid Npgsql connection string: {problem}";
        }
    }

    private static IEnumerable<string> CheckEnum<TEnum>(IConfigurationSection section, string key)
        where TEnum : struct, Enum
    {
        var raw = section[key];
        var valid = string.IsNullOrWhiteSpace(raw)
            || (!char.IsAsciiDigit(raw.Trim()[0]) && raw.Trim()[0] != '-'
                && Enum.TryParse<TEnum>(raw, ignoreCase: true, out var value) && Enum.IsDefined(value));
        return valid ? [] : [EnumMessage<TEnum>(key) + $" (was '{raw}')."];
    }

    private static string EnumMessage<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>().Select(n => $"'{n}'").ToArray();
        var choices = names.Length == 2 ? $"{names[0]} or {names[1]}" : string.Join(", ", names[..^1]) + $" or {names[^1]}";
        return $"{Section}:{key} must be {choices}";
    }
}
