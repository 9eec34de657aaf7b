using System.Net;
using System.Net.Http.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Tests.Authorization;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// A public in-person training hosted by the matrix's organization, created through the real API by a
/// signed-in host (one helper for every test that needs an event to register for).
/// </summary>
public static class TestEvents
{
    /// <summary>An address shown to everyone (not hidden until registration), for tests that read it in messages.</summary>
    public const string ShownAddress = "12 Orchard Road, Fresno, CA";

    /// <summary>Creates the event and returns its id; fails the test with the API's answer when it is refused.</summary>
    public static async Task<string> CreatePublicAsync(
        HttpClient host, string title, DateTimeOffset start, TimeSpan length, int capacity,
        string address = "99 Hidden Lane, Fresno, CA", bool hideAddressUntilRegistered = true)
    {
        var response = await host.PostAsJsonAsync("/api/calendar/events", PublicBody(title, start, length, capacity, address, hideAddressUntilRegistered), TestJson.Options);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(TestJson.Options))!.EventId;
    }

    /// <summary>A one-hour public training with 30 seats starting <paramref name="startsIn"/> from now, at <see cref="ShownAddress"/>.</summary>
    public static Task<string> CreateShownAsync(HttpClient host, string title, TimeSpan startsIn) =>
        CreatePublicAsync(host, title, DateTimeOffset.UtcNow.Add(startsIn), TimeSpan.FromHours(1), 30, ShownAddress, hideAddressUntilRegistered: false);

    /// <summary>
    /// Moves an event made by <see cref="CreateShownAsync"/> to five hours from now (made days out, so no sweep passed
    /// its day-before reminder while nobody was registered yet) and sends its due reminder, as the calendar sweep would.
    /// </summary>
    public static async Task MoveSoonAndRemindAsync(HttpClient host, IGrainFactory grains, string eventId, string title)
    {
        var moved = await host.PutAsJsonAsync($"/api/calendar/events/{eventId}", PublicBody(title, DateTimeOffset.UtcNow.AddHours(5), TimeSpan.FromHours(1), 30, ShownAddress, hideAddressUntilRegistered: false), TestJson.Options);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        await grains.GetGrain<IEventGrain>(eventId).SendDueReminders();
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
