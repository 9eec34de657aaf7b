using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Tests.Authorization;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// A public in-person training hosted by the matrix's organization, created through the real API by a
/// signed-in host (one helper for every test that needs an event to register for).
/// </summary>
public static class TestEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Creates the event and returns its id; fails the test with the API's answer when it is refused.</summary>
    public static async Task<string> CreatePublicAsync(
        HttpClient host, string title, DateTimeOffset start, TimeSpan length, int capacity,
        string address = "99 Hidden Lane, Fresno, CA", bool hideAddressUntilRegistered = true)
    {
        var response = await host.PostAsJsonAsync("/api/calendar/events", PublicBody(title, start, length, capacity, address, hideAddressUntilRegistered), Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(Json))!.EventId;
    }

    /// <summary>The request body of such an event (for creating it, or for moving it with PUT).</summary>
    public static object PublicBody(
        string title, DateTimeOffset start, TimeSpan length, int capacity,
        string address = "99 Hidden Lane, Fresno, CA", bool hideAddressUntilRegistered = true) => new
        {
            title,
            description = "A test event.",
            kind = "Training",
            hostOrganizationIds = new[] { AuthorizationMatrix.Org },
            county = "06019",
            start,
            end = start + length,
            online = false,
            address,
            hideAddressUntilRegistered,
            capacity,
            audience = "Public",
        };
}
