using System.Reflection;

namespace ConnectedCalifornia.Hosting.Schema;

/// <summary>One schema script, embedded in this assembly under Schema/&lt;provider&gt;/; applied once, in id order.</summary>
/// <param name="Id">The file name without extension, e.g. <c>0002-grain-state</c>; recorded in <c>cc_schema_migrations</c>.</param>
/// <param name="Sql">The script's text.</param>
public sealed record SchemaScript(string Id, string Sql)
{
    /// <summary>The scripts for <paramref name="provider"/>, ordered by id.</summary>
    public static IReadOnlyList<SchemaScript> For(NetworkDatabaseProvider provider)
    {
        var assembly = typeof(SchemaScript).Assembly;
        var prefix = $"{typeof(SchemaScript).Namespace}.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => new SchemaScript(name[prefix.Length..^".sql".Length], Read(assembly, name)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded schema script {resourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
