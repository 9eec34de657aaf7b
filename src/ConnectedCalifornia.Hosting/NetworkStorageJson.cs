using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectedCalifornia.Hosting;

/// <summary>
/// The JSON shape of stored grain state. Orleans' <c>SystemTextJsonGrainStorageSerializer</c> writes plain JSON
/// with no CLR type names, so renaming a state type or moving it to another namespace keeps stored data readable;
/// enums are stored by name, so reordering an enum keeps it readable too.
/// </summary>
public static class NetworkStorageJson
{
    /// <summary>Adds this application's conventions to <paramref name="options"/> (Orleans' own converters stay).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
    }
}
