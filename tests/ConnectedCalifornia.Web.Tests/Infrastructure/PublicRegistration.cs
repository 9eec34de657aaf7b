using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Web.Calendars;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Infrastructure;

/// <summary>
/// Registers for an event without an account, as the public does: the API answers 202 ("check your
/// e-mail") without the registration; its id (the ticket and confirmation token the e-mail carries) is
/// read from the stored registration, and the e-mailed confirmation link is opened over HTTP.
/// </summary>
public static class PublicRegistration
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>Registers and (unless told not to) confirms through the link; returns the registration as stored afterwards.</summary>
    public static async Task<MyRegistration> RegisterAsync(IServiceProvider services, HttpClient client, string eventId, string name, string email, bool confirm = true)
    {
        var response = await client.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name, email });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = await IdOfAsync(services, eventId, email);
        if (confirm)
        {
            await ConfirmAsync(client, eventId, id);
        }

        return (await client.GetFromJsonAsync<MyRegistration>($"/api/calendar/events/{eventId}/registrations/{id}", Json))!;
    }

    /// <summary>Opens the confirmation link the e-mail carries.</summary>
    public static async Task ConfirmAsync(HttpClient client, string eventId, string registrationId) =>
        (await client.GetAsync($"/calendar/events/{eventId}?registration={registrationId}&confirm=true")).EnsureSuccessStatusCode();

    /// <summary>The id of the active registration of an address, as stored.</summary>
    public static async Task<string> IdOfAsync(IServiceProvider services, string eventId, string email)
    {
        var snapshot = await services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetSnapshot();
        return snapshot!.Registrations.Single(r => r.Status != RegistrationStatus.Cancelled && string.Equals(r.Email, email, StringComparison.OrdinalIgnoreCase)).RegistrationId;
    }
}
