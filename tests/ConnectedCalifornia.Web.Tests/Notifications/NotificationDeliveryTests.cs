using System.Net;
using System.Net.Http.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using IcalCalendar = Ical.Net.Calendar;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>One app pointed at a real SMTP server on loopback, retrying after one second.</summary>
public sealed class SmtpAppFixture : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; } = new TestSmtpServer().Start();

    public SeededAppFixture App { get; } = new();

    public async Task InitializeAsync()
    {
        foreach (var (key, value) in Smtp.Settings)
        {
            App.Factory.WithSetting(key, value);
        }

        App.Factory.WithSetting("ConnectedCalifornia:Mail:RetryDelay", "00:00:01");
        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

/// <summary>
/// Notifications through the real pipeline: a command on the API, the grain's outbox, the delivery loop,
/// MailKit, and a real SMTP server on loopback that can refuse, fail for a while or be down.
/// </summary>
public sealed class NotificationDeliveryTests(SmtpAppFixture fixture) : IClassFixture<SmtpAppFixture>
{
    private SeededAppFixture App => fixture.App;

    private TestSmtpServer Smtp => fixture.Smtp;

    private NotificationStore Store => App.Factory.Services.GetRequiredService<NotificationStore>();

    [Fact]
    public async Task Notification_public_registration_is_confirmed_by_email_with_a_manage_link_and_the_event_attached()
    {
        var eventId = await CreateEventAsync("Recognizing labor trafficking in farm work", capacity: 5);
        var address = $"rosa.{Guid.NewGuid():N}@example.org";
        var registration = await RegisterAsync(eventId, "Rosa Villanueva", address, confirm: false);

        // First the link to confirm (the registration holds its seat until then); opening it confirms, as stored.
        var confirm = await ArrivesAsync(address, subjectStartsWith: "Confirm your registration: Recognizing labor trafficking in farm work");
        var link = $"/calendar/events/{eventId}?registration={registration}&confirm=true";
        Assert.Contains(link, confirm.TextBody, StringComparison.Ordinal);
        Assert.Null((await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetRegistration(registration))!.ConfirmedAt);
        (await App.Factory.CreateBrowserLikeClient().GetAsync(link)).EnsureSuccessStatusCode();
        var stored = await App.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IEventGrain>(eventId).GetRegistration(registration);
        Assert.Equal((RegistrationStatus.Registered, (DateTimeOffset?)null), (stored!.Status, stored.ConfirmBy));
        Assert.NotNull(stored.ConfirmedAt);

        var message = await ArrivesAsync(address, subjectStartsWith: "You are registered");
        Assert.Equal("You are registered: Recognizing labor trafficking in farm work", message.Subject);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Contains($"/calendar/events/{eventId}?registration={registration}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Rosa Villanueva", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\"", message.HtmlBody, StringComparison.Ordinal);

        // The hidden address reaches the registrant with a seat, in the text and in the attached event.
        Assert.Contains("99 Hidden Lane", message.TextBody, StringComparison.Ordinal);
        var ics = Assert.Single(message.Attachments.OfType<MimePart>(), a => a.FileName == "event.ics");
        using var stream = new MemoryStream();
        await ics.Content!.DecodeToAsync(stream);
        var calendar = IcalCalendar.Load(System.Text.Encoding.UTF8.GetString(stream.ToArray()))!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal(CalendarFeeds.Uid(eventId), e.Uid);
        Assert.Contains("99 Hidden Lane", e.Location, StringComparison.Ordinal);

        // Both stored as sent, once each, with their content dropped.
        await Eventually.TrueAsync(async () => (await Store.ReadMailsAsync($"event:{eventId}:")).Count(m => m.Status == MailStatus.Sent) == 2);
        var mails = await Store.ReadMailsAsync($"event:{eventId}:");
        Assert.Equal(2, mails.Count);
        Assert.All(mails, mail => Assert.Equal((address, MailStatus.Sent, 1), (mail.ToAddress, mail.Status, mail.Attempts)));
        Assert.Contains(mails, mail => mail.MessageId == message.MessageId);
    }

    [Fact]
    public async Task Notification_waitlisted_registrant_hears_of_the_free_seat_and_everyone_of_the_cancellation()
    {
        var eventId = await CreateEventAsync("Survivor-informed intake for advocates", capacity: 1);
        var first = $"first.{Guid.NewGuid():N}@example.org";
        var second = $"second.{Guid.NewGuid():N}@example.org";
        var firstRegistration = await RegisterAsync(eventId, "Ana First", first);
        await RegisterAsync(eventId, "Ben Second", second);
        Assert.StartsWith("You are on the waitlist", (await ArrivesAsync(second, subjectStartsWith: "You are on the waitlist")).Subject, StringComparison.Ordinal);
        Assert.All(Smtp.Messages.Where(m => To(m) == second), m => Assert.DoesNotContain("99 Hidden Lane", m.TextBody!, StringComparison.Ordinal));

        var anonymous = App.Factory.CreateBrowserLikeClient();
        (await anonymous.DeleteAsync($"/api/calendar/events/{eventId}/registrations/{firstRegistration}")).EnsureSuccessStatusCode();
        var promoted = await ArrivesAsync(second, subjectStartsWith: "A seat came free");
        Assert.Contains("99 Hidden Lane", promoted.TextBody, StringComparison.Ordinal);

        var (host, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        (await host.PostAsJsonAsync($"/api/calendar/events/{eventId}/cancel", new { confirm = true })).EnsureSuccessStatusCode();
        var cancelled = await ArrivesAsync(second, subjectStartsWith: "Cancelled");
        Assert.Contains("Survivor-informed intake for advocates", cancelled.Subject, StringComparison.Ordinal);

        // The one who cancelled before hears nothing more.
        Assert.DoesNotContain(Smtp.Messages, m => To(m) == first && m.Subject!.StartsWith("Cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notification_smtp_server_failing_then_back_delivers_every_message_once()
    {
        var eventId = await CreateEventAsync("Prop 35 two-hour training, evening session", capacity: 50);
        var addresses = Enumerable.Range(0, 6).Select(i => $"retry{i}.{Guid.NewGuid():N}@example.org").ToList();
        Smtp.TemporarilyFailing = true;
        try
        {
            foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
            {
                await RegisterAsync(eventId, $"Volunteer {i}", address, confirm: false);
            }

            // The server answers "try later": the messages wait and are retried, none is lost.
            await Eventually.TrueAsync(async () => (await Store.ReadMailsAsync($"event:{eventId}:")).Count(m => m.Attempts >= 1 && m.Status == MailStatus.Waiting) == addresses.Count);
            Assert.DoesNotContain(Smtp.Messages, m => addresses.Contains(To(m)));

            // The app stays responsive meanwhile.
            var client = App.Factory.CreateBrowserLikeClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            Smtp.TemporarilyFailing = false;
        }

        foreach (var address in addresses)
        {
            await ArrivesAsync(address, timeoutSeconds: 30);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(addresses, a => Assert.Single(Smtp.Messages, m => To(m) == a));
        Assert.All(await Store.ReadMailsAsync($"event:{eventId}:"), m => Assert.Equal(MailStatus.Sent, m.Status));
    }

    [Fact]
    public async Task Notification_to_a_permanently_refused_address_is_marked_and_not_retried()
    {
        var eventId = await CreateEventAsync("Outreach volunteers' orientation", capacity: 10);
        var refused = $"nobody.{Guid.NewGuid():N}@example.org";
        Smtp.RefusedAddresses[refused] = true;
        await RegisterAsync(eventId, "Nobody Here", refused, confirm: false);

        await Eventually.TrueAsync(async () => (await Store.ReadMailsAsync($"event:{eventId}:")).Any(m => m.Status == MailStatus.Refused));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var mail = Assert.Single(await Store.ReadMailsAsync($"event:{eventId}:"));
        Assert.Equal((MailStatus.Refused, 1), (mail.Status, mail.Attempts));
    }

    [Fact]
    public async Task Notification_reaches_a_members_center_and_follows_their_preferences()
    {
        var (staff, _) = await App.ClientForAsync(MatrixRole.ShelterStaff.Email());
        var before = await CenterAsync(staff);

        var routine = await CreateEventAsync("Monthly network call, January", capacity: 20);
        Assert.True((await staff.PostAsJsonAsync($"/api/calendar/events/{routine}/registrations", new { }, TestJson.Options)).IsSuccessStatusCode);
        var email = await ArrivesAsync(MatrixRole.ShelterStaff.Email()!, subjectStartsWith: "You are registered: Monthly network call, January");
        await Eventually.TrueAsync(async () => (await CenterAsync(staff)).Items.Any(n => n.Link == $"/calendar/events/{routine}"));
        var center = await CenterAsync(staff);
        var item = center.Items.First(n => n.Link == $"/calendar/events/{routine}");
        Assert.Equal(email.Subject, item.Title);
        Assert.Null(item.ReadAt);
        Assert.Equal(before.Unread + 1, center.Unread);

        // Marking read is stored.
        (await staff.PostAsJsonAsync("/api/me/notifications/read", new { id = item.Id })).EnsureSuccessStatusCode();
        Assert.NotNull((await CenterAsync(staff)).Items.First(n => n.Id == item.Id).ReadAt);

        // Off: the center still shows it, no e-mail goes.
        var off = await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "Off" }, TestJson.Options);
        Assert.True(off.IsSuccessStatusCode, await off.Content.ReadAsStringAsync());
        var quiet = await CreateEventAsync("Monthly network call, February", capacity: 20);
        Assert.True((await staff.PostAsJsonAsync($"/api/calendar/events/{quiet}/registrations", new { }, TestJson.Options)).IsSuccessStatusCode);
        await Eventually.TrueAsync(async () => (await CenterAsync(staff)).Items.Any(n => n.Link == $"/calendar/events/{quiet}"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(Smtp.Messages, m => m.Subject!.Contains("February", StringComparison.Ordinal));

        // Account security cannot be turned off; an unknown kind is refused; nothing changes.
        var refused = await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.AccountPasswordReset, delivery = "Off" }, TestJson.Options);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = "referral.gossip", delivery = "Off" }, TestJson.Options)).StatusCode);
        var preferences = await staff.GetFromJsonAsync<List<NotificationPreference>>("/api/me/notification-preferences", TestJson.Options);
        Assert.Equal(EmailDelivery.Immediately, preferences!.Single(p => p.Kind == NotificationKinds.AccountPasswordReset).Delivery);
        Assert.Equal(EmailDelivery.Off, preferences!.Single(p => p.Kind == NotificationKinds.EventRegistered).Delivery);
        (await staff.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "Immediately" }, TestJson.Options)).EnsureSuccessStatusCode();

        // Nobody reads another person's center: the API has no parameter for it.
        var anonymous = App.Factory.CreateBrowserLikeClient();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync("/api/me/notifications")).StatusCode);
    }

    [Fact]
    public async Task Notification_chosen_as_daily_digest_waits_and_goes_out_in_one_digest_email()
    {
        var (member, _) = await App.ClientForAsync(MatrixRole.TaskForceMember.Email());
        var digest = await member.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "DailyDigest" }, TestJson.Options);
        Assert.True(digest.IsSuccessStatusCode, await digest.Content.ReadAsStringAsync());
        try
        {
            var first = await CreateEventAsync("Digest test: county round-table", capacity: 20);
            var second = await CreateEventAsync("Digest test: survivor leadership panel", capacity: 20);
            foreach (var eventId in new[] { first, second })
            {
                Assert.True((await member.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { }, TestJson.Options)).IsSuccessStatusCode);
                await Eventually.TrueAsync(async () => (await Store.ReadMailsAsync($"event:{eventId}:")).Any(m => m.Status == MailStatus.InDigest));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            var address = MatrixRole.TaskForceMember.Email()!;
            Assert.DoesNotContain(Smtp.Messages, m => To(m) == address && m.Subject!.Contains("Digest test", StringComparison.Ordinal));

            // The day's digest (what the loop does at Mail:DigestHour) bundles both into one e-mail.
            await App.Factory.Services.GetRequiredService<NotificationDelivery>().SendDigestsAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            var message = await ArrivesAsync(address, subjectStartsWith: "Your Connected California digest");
            Assert.Contains("Digest test: county round-table", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("Digest test: survivor leadership panel", message.TextBody, StringComparison.Ordinal);
            Assert.All(await Store.ReadMailsAsync($"event:{first}:"), m => Assert.Equal(MailStatus.Digested, m.Status));
            Assert.All(await Store.ReadMailsAsync($"event:{second}:"), m => Assert.Equal(MailStatus.Digested, m.Status));
        }
        finally
        {
            (await member.PutAsJsonAsync("/api/me/notification-preferences", new { kind = NotificationKinds.EventRegistered, delivery = "Immediately" }, TestJson.Options)).EnsureSuccessStatusCode();
        }
    }

    private static string To(MimeMessage message) => message.To.Mailboxes.Single().Address;

    private static async Task<NotificationCenterView> CenterAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<NotificationCenterView>("/api/me/notifications", TestJson.Options))!;

    private Task<MimeMessage> ArrivesAsync(string address, string? subjectStartsWith = null, int timeoutSeconds = 20) =>
        Smtp.ArrivesAsync(address, subjectStartsWith, timeoutSeconds);

    private async Task<string> CreateEventAsync(string title, int capacity)
    {
        var (client, _) = await App.ClientForAsync(MatrixRole.ShelterAdmin.Email());
        return await TestEvents.CreatePublicAsync(client, title, DateTimeOffset.UtcNow.AddDays(12), TimeSpan.FromHours(2), capacity);
    }

    /// <summary>Registers without an account; the registration's id as stored (the e-mail carries it). Confirmed through the link unless told not to.</summary>
    private async Task<string> RegisterAsync(string eventId, string name, string email, bool confirm = true) =>
        (await PublicRegistration.RegisterAsync(App.Factory.Services, App.Factory.CreateBrowserLikeClient(), eventId, name, email, confirm)).RegistrationId;
}

/// <summary>
/// The embedded default needs no mail server: with no SMTP settings, messages become <c>.eml</c> files in
/// <c>&lt;DataDirectory&gt;/mail/</c>. And the outbox survives a kill: what was queued while the mail
/// server was down is delivered once by the next start on the same data.
/// </summary>
public sealed class NotificationPickupAndRestartTests
{
    [Fact]
    public async Task Notification_without_smtp_settings_registering_writes_a_confirmation_eml_into_the_data_directory()
    {
        await using var app = new NetworkAppFactory();
        var eventId = await CreateEventAsync(app, "Know the signs: a training for hotel staff");
        var address = $"hotel.{Guid.NewGuid():N}@example.org";
        var client = app.CreateBrowserLikeClient();
        (await client.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = "Lupe Ortega", email = address })).EnsureSuccessStatusCode();

        var mail = Path.Combine(app.DataDirectory, "mail");
        MimeMessage? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = System.IO.Directory.Exists(mail)
                ? System.IO.Directory.GetFiles(mail, "*.eml").Select(f => MimeMessage.Load(f)).FirstOrDefault(m => m.To.Mailboxes.Any(b => b.Address == address))
                : null;
            return Task.FromResult(found is not null);
        }, timeoutSeconds: 10);
        Assert.Equal("Confirm your registration: Know the signs: a training for hotel staff", found!.Subject);
        Assert.Contains("Lupe Ortega", found.TextBody, StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.GetFiles(mail, "*.tmp"));
    }

    [Fact]
    public async Task Notification_queued_while_the_server_is_down_is_delivered_once_after_the_app_is_killed_and_restarted()
    {
        var data = Path.Combine(Path.GetTempPath(), "cc-web-tests", Guid.NewGuid().ToString("N"));
        var smtp = new TestSmtpServer();
        var addresses = Enumerable.Range(0, 8).Select(i => $"restart{i}.{Guid.NewGuid():N}@example.org").ToList();
        string eventId;
        var first = Configure(new NetworkAppFactory(data), smtp);
        try
        {
            // The server is not even started: every attempt fails to connect.
            eventId = await CreateEventAsync(first, "Statewide advocates' convening");
            var client = first.CreateBrowserLikeClient();
            foreach (var (address, i) in addresses.Select((a, i) => (a, i)))
            {
                (await client.PostAsJsonAsync($"/api/calendar/events/{eventId}/registrations", new { name = $"Advocate {i}", email = address })).EnsureSuccessStatusCode();
            }

            var store = first.Services.GetRequiredService<NotificationStore>();
            await Eventually.TrueAsync(async () => (await store.ReadMailsAsync($"event:{eventId}:")).Count(m => m.Attempts >= 1) == addresses.Count);
        }
        finally
        {
            // Killed: no graceful drain of the queue matters, everything waits in the database.
            await first.DisposeAsync();
        }

        smtp.Start();
        await using (smtp)
        {
            await using var second = Configure(new NetworkAppFactory(data, seed: true), smtp);
            using var ready = second.CreateBrowserLikeClient();
            (await ready.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(() => Task.FromResult(addresses.All(a => smtp.Messages.Any(m => m.To.Mailboxes.Single().Address == a))), timeoutSeconds: 40);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.All(addresses, a => Assert.Single(smtp.Messages, m => m.To.Mailboxes.Single().Address == a));
            var store = second.Services.GetRequiredService<NotificationStore>();
            Assert.All(await store.ReadMailsAsync($"event:{eventId}:"), m => Assert.Equal(MailStatus.Sent, m.Status));
        }
    }

    private static NetworkAppFactory Configure(NetworkAppFactory factory, TestSmtpServer smtp)
    {
        foreach (var (key, value) in smtp.Settings)
        {
            factory.WithSetting(key, value);
        }

        return factory.WithSetting("ConnectedCalifornia:Mail:RetryDelay", "00:00:01").WithSetting("ConnectedCalifornia:Mail:SmtpTimeout", "00:00:05");
    }

    private static async Task<string> CreateEventAsync(NetworkAppFactory app, string title)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.AsAsync(client, app, MatrixRole.ShelterAdmin.Email()!);
        return await TestEvents.CreatePublicAsync(client, title, DateTimeOffset.UtcNow.AddDays(20), TimeSpan.FromHours(3), capacity: 100, "1 Capitol Mall, Sacramento, CA", hideAddressUntilRegistered: false);
    }
}
