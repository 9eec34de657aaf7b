using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>The API's JSON as the tests read and write it (web names, enums as their names).</summary>
public static class TestJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
