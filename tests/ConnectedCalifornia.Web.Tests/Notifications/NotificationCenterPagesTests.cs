using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// What people see of notifications, through the real app and a real SMTP server on loopback: the
/// unsubscribe link of a real reminder (RFC 8058 one-click POST, and the page a person opens), the
/// bell's count and the center's list as rendered, and the preferences page.
/// </summary>
public sealed partial class NotificationCenterPagesTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    private SeededAppFixture App => fixture.App;

    private TestSmtpServer Smtp => fixture.Smtp;

    private NotificationStore Store => App.Factory.Services.GetRequiredService<NotificationStore>();

    [Fact]
    public async Task Notification_one_click_unsubscribe_from_a_real_reminders_header_stops_later_reminders_to_that_address()
    {
        var leaving = $"leaving.{Guid.NewGuid():N}@example.org";
        var staying = $"staying.{Guid.NewGuid():N}@example.org";
        var first = await EventWithDueReminderAsync("Street outreach safety briefing", leaving, staying);
        var reminder = await ArrivesAsync(leaving, "Tomorrow: Street outreach safety briefing");

        // The header a mail provider reads, and the one-click POST it sends (RFC 8058), no cookie, no token.
        Assert.Equal("List-Unsubscribe=One-Click", reminder.Headers["List-Unsubscribe-Post"]);
        var url = new Uri(UnsubscribeUrl().Match(reminder.Headers["List-Unsubscribe"]!).Groups[1].Value);
        Assert.StartsWith(UnsubscribeLinks.PathPrefix, url.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains(url.ToString(), reminder.TextBody, StringComparison.Ordinal);

        // A GET (a scanner prefetching the link, a person opening it) only shows the page.
        var anonymous = App.Factory.CreateBrowserLikeClient();
        var page = await anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Stop these e-mails</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await Store.IsSuppressedAsync(leaving, NotificationKinds.EventReminder));

        using var oneClick = new HttpRequestMessage(HttpMethod.Post, url.PathAndQuery)
        {
            Content = new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"),
        };
        var answer = await App.Factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(oneClick);
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        Assert.True(await Store.IsSuppressedAsync(leaving, NotificationKinds.EventReminder));
        Assert.False(await Store.IsSuppressedAsync(staying, NotificationKinds.EventReminder));

        // A later event's reminder reaches the one who stayed, not the one who left; their confirmation still comes.
        var second = await EventWithDueReminderAsync("Street outreach safety briefing, second session", leaving, staying);
        await ArrivesAsync(leaving, "You are registered: Street outreach safety briefing, second session");
        await ArrivesAsync(staying, "Tomorrow: Street outreach safety briefing, second session");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var mails = await Store.ReadMailsAsync($"event:{second}:");
        Assert.All(mails, m => Assert.Equal(MailStatus.Sent, m.Status));
        Assert.Equal(
            mails.Count(m => string.Equals(m.ToAddress, leaving, StringComparison.OrdinalIgnoreCase)) + 1,
            mails.Count(m => string.Equals(m.ToAddress, staying, StringComparison.OrdinalIgnoreCase)));
        Assert.DoesNotContain(Smtp.Messages, m => To(m) == leaving && m.Subject == "Tomorrow: Street outreach safety briefing, second session");
    }

    [Fact]
    public async Task Notification_unsubscribe_page_asks_before_stopping_and_its_button_confirms_in_words()
    {
        var address = $"page.{Guid.NewGuid():N}@example.org";
        var token = App.Factory.Services.GetRequiredService<UnsubscribeLinks>().TokenFor(address, NotificationKinds.EventReminder);
        var browser = App.Factory.CreateBrowserLikeClient();

        var html = await browser.GetStringAsync($"/mail/unsubscribe/{token}");
        Assert.Contains($"<form method=\"post\" action=\"/mail/unsubscribe/{token}\"", html, StringComparison.Ordinal);
        Assert.Contains("Reminders a day and two hours before", html, StringComparison.Ordinal);
        Assert.DoesNotContain(address, html, StringComparison.Ordinal);
        Assert.False(await Store.IsSuppressedAsync(address, NotificationKinds.EventReminder));

        // The button: a plain form post with the "return" field, answered with the confirmation page.
        var posted = await browser.PostAsync($"/mail/unsubscribe/{token}", new FormUrlEncodedContent([new("return", "page")]));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/mail/unsubscribed?kind={NotificationKinds.EventReminder}", posted.Headers.Location?.ToString());
        Assert.True(await Store.IsSuppressedAsync(address, NotificationKinds.EventReminder));
        var confirmed = await browser.GetStringAsync(posted.Headers.Location!.ToString());
        Assert.Contains("You will get no more e-mails of this kind: <strong>Reminders a day and two hours before</strong>", confirmed, StringComparison.Ordinal);

        // A token this network did not issue: the page says so, the POST is a 404 and stores nothing.
        Assert.Contains("This link is not valid", await browser.GetStringAsync("/mail/unsubscribe/forged-token"), StringComparison.Ordinal);
        var forged = await browser.PostAsync("/mail/unsubscribe/forged-token", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Fact]
    public async Task Notification_bell_and_center_render_the_persons_own_unread_notifications()
    {
        var (member, _) = await App.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var eventId = await CreateEventAsync("Bell check: volunteer coordinators call", TimeSpan.FromDays(9));
        Assert.True((await member.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { }, TestJson.Options)).IsSuccessStatusCode);
        await Eventually.TrueAsync(async () => (await CenterAsync(member)).Items.Any(n => n.Link == $"/calendar/events/{eventId}"));
        var center = await CenterAsync(member);
        Assert.True(center.Unread > 0);

        var home = await member.GetStringAsync("/");
        Assert.Contains($"aria-label=\"Notifications, {center.Unread} unread\"", home, StringComparison.Ordinal);
        var list = await member.GetStringAsync("/notifications");
        Assert.Contains("You are registered: Bell check: volunteer coordinators call", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/calendar/events/{eventId}\"", list, StringComparison.Ordinal);
        Assert.Contains("Unread: ", list, StringComparison.Ordinal);

        // All read (stored): the bell says so; another person's bell never showed this one.
        (await member.PostAsJsonAsync("/api/me/notifications/read", new { id = (string?)null })).EnsureSuccessStatusCode();
        Assert.Equal(0, (await CenterAsync(member)).Unread);
        Assert.Contains("aria-label=\"Notifications, none unread\"", await member.GetStringAsync("/"), StringComparison.Ordinal);
        var (other, _) = await App.ClientForAsync(MatrixRole.ShelterStaff.Email());
        Assert.DoesNotContain("Bell check", await other.GetStringAsync("/notifications"), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"notification-bell\"", await App.Factory.CreateBrowserLikeClient().GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notification_preferences_page_groups_every_kind_and_shows_the_stored_choice()
    {
        var (staff, _) = await App.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var put = await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventChanged, delivery = "DailyDigest" }, TestJson.Options);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var html = await staff.GetStringAsync("/account/notifications");
        foreach (var group in NotificationKinds.All.Select(k => k.Group).Distinct())
        {
            Assert.Contains($">{WebUtility.HtmlEncode(group)}</h2>", html, StringComparison.Ordinal);
        }

        Assert.Equal(NotificationKinds.All.Length, Regex.Count(html, "data-testid=\"preference\""));
        Assert.Equal(NotificationKinds.All.Count(k => k.Mandatory), Regex.Count(html, ">Always sent<"));
        Assert.Contains($"data-kind=\"{NotificationKinds.EventChanged}\" data-delivery=\"DailyDigest\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-kind=\"{NotificationKinds.EventRegistered}\" data-delivery=\"Immediately\"", html, StringComparison.Ordinal);
        (await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventChanged, delivery = "Immediately" }, TestJson.Options)).EnsureSuccessStatusCode();
    }

    [GeneratedRegex("^<([^>]+)>$")]
    private static partial Regex UnsubscribeUrl();

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    private static async Task<NotificationCenterView> CenterAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<NotificationCenterView>("/api/me/notifications", TestJson.Options))!;

    private Task<MimeMessage> ArrivesAsync(string address, string subject) => Smtp.ArrivesAsync(address, s => s == subject, 20);

    /// <summary>
    /// An event three days out with these public registrants, then moved to five hours from now (so no
    /// sweep can pass the day-before reminder while nobody is registered yet), and its due reminder sent.
    /// </summary>
    private async Task<string> EventWithDueReminderAsync(string title, params string[] registrants)
    {
        var eventId = await CreateEventAsync(title, TimeSpan.FromDays(3));
        foreach (var (email, i) in registrants.Select((e, i) => (e, i)))
        {
            await RegisterAsync(eventId, $"Registrant {i + 1}", email);
        }

        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        await TestEvents.MoveSoonAndRemindAsync(host, App.Factory.Services.GetRequiredService<IGrainFactory>(), eventId, title);
        return eventId;
    }

    private async Task<string> CreateEventAsync(string title, TimeSpan startsIn) =>
        await TestEvents.CreateShownAsync((await App.ClientForAsync(MatrixRole.ShelterAdmin.Email())).Client, title, startsIn);

    /// <summary>Registers without an account and confirms through the e-mailed link.</summary>
    private Task RegisterAsync(string eventId, string name, string email) =>
        PublicRegistration.RegisterAsync(App.Factory.Services, App.Factory.CreateBrowserLikeClient(), eventId, name, email);
}
