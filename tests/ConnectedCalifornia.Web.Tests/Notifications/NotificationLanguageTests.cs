using System.Collections.Immutable;
using System.Net.Http.Json;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// Each recipient's language is resolved once, when a notification is expanded (the accounts and their saved
/// languages read together for everyone it goes to), and kept with the queued e-mail: an item waiting for the
/// daily digest is digested in the language it was queued in.
/// </summary>
public sealed class NotificationLanguageTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    private SeededAppFixture App => fixture.App;

    [Fact]
    public async Task Notification_recipients_of_one_notification_each_get_their_saved_language_members_and_addresses_alike()
    {
        var staff = MatrixRole.ShelterStaff.Email()!;
        var officer = MatrixRole.LawEnforcementStaff.Email()!;
        await Languages.SaveForAsync(App.Factory, staff, "es");
        await Languages.SaveForAsync(App.Factory, officer, "es");
        try
        {
            var unknownSpanish = $"nadie.{Guid.NewGuid():N}@example.org";
            var unknown = $"nobody.{Guid.NewGuid():N}@example.org";
            var notification = new Notification($"test:{Guid.NewGuid():N}", NotificationKinds.OperationStandby, DateTimeOffset.UtcNow,
                [
                    NotificationAudience.OrganizationMembers(AuthorizationMatrix.Org),
                    NotificationAudience.Address(officer.ToUpperInvariant(), "Officer"),
                    NotificationAudience.Address(unknownSpanish, "Nadie", "es"),
                    NotificationAudience.Address(unknown, "Nobody"),
                ],
                ImmutableSortedDictionary<string, string>.Empty, null);

            var recipients = await App.Factory.Services.GetRequiredService<NotificationRecipients>().ResolveAsync(notification, CancellationToken.None);
            string LanguageOf(string address) => recipients.Single(r => string.Equals(r.Email, address, StringComparison.OrdinalIgnoreCase)).Language;

            Assert.Equal("es", LanguageOf(staff));
            Assert.NotNull(recipients.Single(r => string.Equals(r.Email, staff, StringComparison.OrdinalIgnoreCase)).UserId);
            Assert.Equal("en", LanguageOf(MatrixRole.ShelterAdmin.Email()!));
            Assert.Equal("es", LanguageOf(officer)); // reached by address, written to in their account's language
            Assert.Equal("es", LanguageOf(unknownSpanish)); // no account: the page they used
            Assert.Equal("en", LanguageOf(unknown));
        }
        finally
        {
            await Languages.SaveForAsync(App.Factory, staff, "en");
            await Languages.SaveForAsync(App.Factory, officer, "en");
        }
    }

    [Fact]
    public async Task Notification_digest_is_written_in_the_language_its_items_were_queued_in()
    {
        var address = MatrixRole.TaskForceMember.Email()!;
        var (member, _) = await App.ClientForAsync(address);
        var store = App.Factory.Services.GetRequiredService<NotificationStore>();
        await Languages.SaveForAsync(App.Factory, address, "es");
        try
        {
            (await member.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "DailyDigest" }, TestJson.Options)).EnsureSuccessStatusCode();
            var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
            var title = $"Resumen {Guid.NewGuid():N}"[..20];
            var eventId = await TestEvents.CreatePublicAsync(host, title, DateTimeOffset.UtcNow.AddDays(12), TimeSpan.FromHours(2), 20);
            Assert.True((await member.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { }, TestJson.Options)).IsSuccessStatusCode);
            await Eventually.TrueAsync(async () => (await store.ReadMailsAsync($"event:{eventId}:")).Any(m => m.Status == MailStatus.InDigest));

            // Stored with the item: the language it was written in.
            Assert.Equal("es", Assert.Single(await store.ReadMailsAsync($"event:{eventId}:")).Language);

            // The person switches back to English before the digest goes: the items were queued in Spanish, so is their digest.
            await Languages.SaveForAsync(App.Factory, address, "en");
            await App.Factory.Services.GetRequiredService<NotificationDelivery>().SendDigestsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            var digest = await fixture.Smtp.ArrivesAsync(address, "Su resumen de Connected California");
            Assert.Contains(title, digest.TextBody, StringComparison.Ordinal);
            Assert.Contains("Esto es lo que ocurrió desde su último resumen:", digest.TextBody, StringComparison.Ordinal);
            Assert.Equal("es", digest.Body?.Headers["Content-Language"] ?? digest.Headers["Content-Language"]);
        }
        finally
        {
            await Languages.SaveForAsync(App.Factory, address, "en");
            (await member.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "Immediately" }, TestJson.Options)).EnsureSuccessStatusCode();
        }
    }
}
