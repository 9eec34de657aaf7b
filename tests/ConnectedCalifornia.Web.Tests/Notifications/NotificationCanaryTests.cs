using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Web.Calendars;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Notifications;
using ConnectedCalifornia.Web.Seeding;
using ConnectedCalifornia.Web.Tests.Authorization;
using ConnectedCalifornia.Web.Tests.Directory;
using ConnectedCalifornia.Web.Tests.Infrastructure;
using ConnectedCalifornia.Web.Tests.Operations;
using ConnectedCalifornia.Web.Tests.Referrals;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Xunit.Abstractions;

namespace ConnectedCalifornia.Web.Tests.Notifications;

/// <summary>
/// The e-mail privacy proof. Runs every kind of notification the network sends (but the account ones,
/// built elsewhere) through the real commands with a unique canary in every free-text field those
/// commands take (referral needs, safety notes, notes, consented name, contact and purpose, decline
/// text; an operation's exact location, general area, timeline, standby request and answer, items;
/// task-force notices; applications' notes and descriptions, curators' reasons; event descriptions and
/// training types), waits for the messages on a real SMTP server, and scans every message, every header
/// and every body part decoded (text, HTML, the attached event): no canary appears in any of them. A
/// confidential shelter's address appears only in messages to people who may read it.
/// </summary>
[Collection(NotificationKindsCollection.Name)]
public sealed class NotificationCanaryTests(NotificationKindsFixture app, ITestOutputHelper output)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    private static readonly string Lead = MatrixRole.TaskForceLead.Email()!;
    private static readonly string ShelterStaff = MatrixRole.ShelterStaff.Email()!;
    private static readonly string ShelterAdmin = MatrixRole.ShelterAdmin.Email()!;
    private static readonly string Sender = MatrixRole.TaskForceMember.Email()!;
    private static readonly string Curator = MatrixRole.Curator.Email()!;

    [Fact]
    public void Notification_every_kind_has_exactly_one_template()
    {
        var renderer = app.Factory.Services.GetRequiredService<NotificationRenderer>();
        var templates = app.Factory.Services.GetServices<INotificationTemplates>().ToList();
        var all = NotificationKinds.All.Select(k => k.Name).ToHashSet(StringComparer.Ordinal);

        // Nothing renders a kind the network does not know, and no kind has two templates (the renderer refuses that at start).
        Assert.All(renderer.Kinds, k => Assert.Contains(k, all));
        Assert.All(all, k => Assert.True(templates.Count(t => t.Kinds.Contains(k)) <= 1, k));

        // Every kind has its template.
        Assert.Empty(all.Except(renderer.Kinds).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Notification_canary_every_kind_with_canaries_in_every_free_text_field_and_no_message_holds_one()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var canaries = new List<string>();
        string Canary(string field)
        {
            var canary = $"Zq{field}{run}";
            canaries.Add(canary);
            return canary;
        }

        var before = app.Smtp.Received.Count;
        var now = app.Clock.GetUtcNow();
        var expected = new List<(string Kind, string To, string Subject)>();
        var shelterAddress = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile.Contacts
            .First(c => c.Kind == ContactKind.Address && c.Visibility != Visibility.Public).Value;

        // Referrals: urgent and routine, answered with a declining text, consent recorded and withdrawn, a note, then overdue and expiring.
        var (urgentId, urgentCode) = await ReferralNotificationTests.SendAsync(app, "Urgent", needs: Canary("needs"), safety: Canary("safety"));
        expected.Add((NotificationKinds.ReferralUrgent, ShelterStaff, $"Urgent referral {urgentCode}"));
        var lucia = await app.ClientForAsync(Sender);
        (await lucia.PutAsJsonAsync($"/api/referrals/{urgentId}/consent", new
        {
            recipientOrganizationId = AuthorizationMatrix.Org,
            purpose = "Intake " + Canary("purpose"),
            expiresAt = now.AddDays(30),
            writtenConsentConfirmed = true,
            name = Canary("consentname"),
            contact = Canary("consentcontact") + "@example.org",
        })).EnsureSuccessStatusCode();
        (await lucia.PostAsJsonAsync($"/api/referrals/{urgentId}/notes", new { text = Canary("note") })).EnsureSuccessStatusCode();
        var shelter = await app.ClientForAsync(ShelterAdmin);
        (await shelter.DeleteAsync($"/api/referrals/{urgentId}/consent")).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.ReferralConsentWithdrawn, Sender, $"Consent withdrawn on referral {urgentCode}"));
        (await shelter.PostAsJsonAsync($"/api/referrals/{urgentId}/transitions", new { to = "Declined", reason = "Other", text = Canary("decline") })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.ReferralAnswered, Sender, $"Referral {urgentCode} declined"));
        var (_, routineCode) = await ReferralNotificationTests.SendAsync(app, "Routine", needs: Canary("routineneeds"), safety: Canary("routinesafety"));
        expected.Add((NotificationKinds.ReferralNew, ShelterAdmin, $"New referral {routineCode}"));

        // Task force: an invitation, and a notice (which e-mails no one but must not leak either).
        var lead = await app.ClientForAsync(Lead);
        (await lead.PutAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/invitations/juniper-gate-womens-shelter", new { role = "ChildWelfare" })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.TaskForceInvitation, MatrixRole.OtherOrganizationAdmin.Email()!, "invites Juniper Gate"));
        (await lead.PostAsJsonAsync($"/api/task-forces/{AuthorizationMatrix.TaskForce}/notices", new { text = Canary("notice") })).EnsureSuccessStatusCode();

        // An operation with canaries in its place, standby request and answer, timeline and items.
        var title = "Canary sweep " + run;
        var operationId = await OperationNotificationTests.PlanAsync(app, title, exactLocation: Canary("exactlocation"), generalArea: Canary("generalarea"));
        (await lead.PostAsJsonAsync($"/api/operations/{operationId}/standby", new
        {
            organizationIds = new[] { AuthorizationMatrix.Org },
            expectedPeople = 4,
            ages = "AdultsOnly",
            languages = new[] { "es" },
            safetyRisks = Canary("risks"),
            housingNeeds = Canary("housing"),
        })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.OperationStandby, ShelterStaff, $"Standby request: {title}"));
        var standbyId = JsonDocument.Parse(await lead.GetStringAsync($"/api/operations/{operationId}")).RootElement.GetProperty("standby")[0].GetProperty("id").GetString();
        (await shelter.PutAsJsonAsync($"/api/operations/{operationId}/standby/{standbyId}/answers/{AuthorizationMatrix.Org}", new { response = "Yes", advocates = 1, note = Canary("answer") })).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{operationId}/assignments/a1", new { organizationId = AuthorizationMatrix.Org, task = Canary("task"), owner = Canary("owner"), status = "Open" }, Json)).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{operationId}/status", new { status = "Active" }, Json)).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.OperationActivated, ShelterAdmin, $"Operation active: {title}"));
        (await shelter.PostAsJsonAsync($"/api/operations/{operationId}/timeline", new { organizationId = AuthorizationMatrix.Org, text = Canary("timeline") })).EnsureSuccessStatusCode();
        var replan = await lead.PutAsJsonAsync($"/api/operations/{operationId}/plan", OperationNotificationTests.Plan(app, title, Canary("newlocation"), Canary("newarea"), days: 42));
        Assert.True(replan.IsSuccessStatusCode, await replan.Content.ReadAsStringAsync());
        expected.Add((NotificationKinds.OperationChanged, ShelterStaff, $"Operation changed: {title}"));
        (await lead.PutAsJsonAsync($"/api/operations/{operationId}/status", new { status = "Debrief" }, Json)).EnsureSuccessStatusCode();
        (await lead.PutAsJsonAsync($"/api/operations/{operationId}/review/i1", new { text = Canary("item"), owner = Canary("itemowner"), status = "Open", organizationId = AuthorizationMatrix.Org }, Json)).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.OperationActionItem, ShelterAdmin, $"After-action item for your organization: {title}"));
        (await lead.PutAsJsonAsync($"/api/operations/{operationId}/status", new { status = "Closed" }, Json)).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.OperationClosed, Lead, $"Operation closed: {title}"));

        // Directory: an application with a canary note and description, sent back with a canary reason; a listing change refused with one.
        var applicantEmail = MatrixRole.LawEnforcementStaff.Email()!;
        var applicant = await app.ClientForAsync(applicantEmail);
        var curator = await app.ClientForAsync(Curator);
        var orgName = "Canary Valley Aid " + run;
        var submitted = await applicant.PostAsJsonAsync("/api/applications", new { profile = DirectoryNotificationTests.Profile(orgName, Canary("description")), note = Canary("applicationnote") }, Json);
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var applicationId = (await submitted.Content.ReadFromJsonAsync<JoiningApi.Submitted>(Json))!.Id;
        expected.Add((NotificationKinds.JoinReceived, Curator, $"New application to join: {orgName}"));
        (await curator.PostAsJsonAsync($"/api/curation/applications/{applicationId}/decision", new { decision = "Reject", reason = Canary("rejection") }, Json)).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.JoinDecided, applicantEmail, $"Not approved: {orgName}"));
        var seeded = DemoNetworkData.FindOrganization(AuthorizationMatrix.Org)!.Profile;
        (await shelter.PutAsJsonAsync($"/api/organizations/{AuthorizationMatrix.Org}/profile", seeded with { Description = Canary("listingdescription") }, Json)).EnsureSuccessStatusCode();
        var revision = (await curator.GetFromJsonAsync<JsonElement>($"/api/organizations/{AuthorizationMatrix.Org}/change-request")).GetProperty("open").GetProperty("revision").GetInt64();
        (await curator.PostAsJsonAsync(
            $"/api/organizations/{AuthorizationMatrix.Org}/change-request/decisions",
            new { revision, decisions = new[] { new { field = "description", accept = false, reason = Canary("changereason") } } })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.ChangeRequestDecided, ShelterAdmin, "Listing changes decided: Bright Orchard"));

        // Time passes: the routine referral goes overdue, then nears its expiry; the yearly checks fall due
        // (the listing may have been flagged by another test already: that message counts too).
        var registry = app.Grains.GetGrain<IReferralIndexGrain>(ReferralKeys.Registry);
        app.Clock.Advance(TimeSpan.FromDays(5));
        await registry.Sweep();
        expected.Add((NotificationKinds.ReferralOverdue, ShelterStaff, $"Overdue: referral {routineCode}"));
        app.Clock.Advance(TimeSpan.FromDays(8) + TimeSpan.FromHours(1));
        await registry.Sweep();
        expected.Add((NotificationKinds.ReferralExpiring, Sender, $"Referral {routineCode} expires soon"));
        await app.Grains.GetGrain<IReverificationGrain>(IReverificationGrain.Key).Sweep();
        await app.ArrivesAsync(ShelterAdmin, "Time to check your listing: Bright Orchard", timeoutSeconds: 45);
        var covered = new HashSet<string>([NotificationKinds.ReverificationDue], StringComparer.Ordinal);

        // Calendars: a training at the confidential shelter's address (hidden until registration) with a canary
        // description and training type; a seat, a waitlist, a change, reminders, attendance, a certificate and a cancellation.
        var start = app.Clock.GetUtcNow().AddDays(20);
        var training = await CreateEventAsync("Canary training " + run, Canary("eventdescription"), Canary("trainingtype"), shelterAddress, start, capacity: 1);
        var seated = $"seated.{run}@example.org";
        var waiting = $"waiting.{run}@example.org";
        var seatedRegistration = await RegisterAsync(training, "Sam Seated", seated);
        await RegisterAsync(training, "Wren Waiting", waiting);
        expected.Add((NotificationKinds.EventRegistered, seated, $"You are registered: Canary training {run}"));
        var other = await CreateEventAsync("Canary call " + run, Canary("calldescription"), null, "12 Public Plaza, Fresno, CA", start, capacity: 1);
        var firstCaller = await RegisterAsync(other, "Ana First", $"first.{run}@example.org");
        await RegisterAsync(other, "Ben Second", $"second.{run}@example.org");
        (await app.Factory.CreateBrowserLikeClient().DeleteAsync($"/api/calendar/events/{other}/registrations/{firstCaller}")).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.EventWaitlistPromoted, $"second.{run}@example.org", $"A seat came free: Canary call {run}"));
        var moved = await shelter.PutAsJsonAsync($"/api/calendar/events/{training}", EventBody("Canary training " + run, Canary("neweventdescription"), Canary("newtrainingtype"), shelterAddress, start.AddHours(1), 1));
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        expected.Add((NotificationKinds.EventChanged, seated, $"Changed: Canary training {run}"));
        var events = app.Grains.GetGrain<IEventGrain>(training);
        app.Clock.SetUtcNow(start.AddHours(1) - TimeSpan.FromHours(23));
        await events.SendDueReminders();
        expected.Add((NotificationKinds.EventReminder, seated, $"Tomorrow: Canary training {run}"));
        app.Clock.SetUtcNow(start.AddHours(1));
        (await shelter.PutAsJsonAsync($"/api/calendar/events/{training}/registrations/{seatedRegistration}/attendance", new { attended = true })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.EventCertificate, seated, $"Your certificate: Canary training {run}"));
        app.Clock.SetUtcNow(start.AddHours(4));
        await events.SendDueReminders();
        expected.Add((NotificationKinds.EventAttendancePrompt, ShelterAdmin, $"Canary training {run} has ended"));
        (await shelter.PostAsJsonAsync($"/api/calendar/events/{other}/cancel", new { confirm = true })).EnsureSuccessStatusCode();
        expected.Add((NotificationKinds.EventCancelled, $"second.{run}@example.org", $"Cancelled: Canary call {run}"));

        foreach (var (kind, to, subject) in expected)
        {
            try
            {
                await app.ArrivesAsync(to, subject, timeoutSeconds: 45, skip: before);
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"No {kind} message to {to} with '{subject}': {exception.Message}");
            }
        }

        // Every kind but the account ones was run, so the scan covers them all.
        covered.UnionWith(expected.Select(e => e.Kind));
        Assert.Equal(
            NotificationKinds.All.Select(k => k.Name).Where(k => !k.StartsWith("account.", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            covered.Order(StringComparer.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(3));

        // The scan: every message of this app, every header and every part decoded.
        var messages = app.Smtp.Messages.ToList();
        Assert.True(messages.Count - before >= expected.Count, $"{messages.Count - before} messages for {expected.Count} expected.");
        var mayReadAddress = new HashSet<string>([ShelterStaff, ShelterAdmin, seated], StringComparer.OrdinalIgnoreCase);
        foreach (var message in messages)
        {
            var text = Flatten(message);
            var leaked = canaries.Where(c => text.Contains(c, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(leaked.Count == 0, $"'{message.Subject}' to {NotificationKindsFixture.To(message)} holds {string.Join(", ", leaked)}");
            if (text.Contains(shelterAddress, StringComparison.OrdinalIgnoreCase))
            {
                Assert.Contains(NotificationKindsFixture.To(message), mayReadAddress);
            }
        }

        // The scan is not vacuous: the seated registrant was told where, the waitlisted one was not.
        Assert.Contains(messages, m => NotificationKindsFixture.To(m) == seated && Flatten(m).Contains(shelterAddress, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => NotificationKindsFixture.To(m) == waiting && Flatten(m).Contains(shelterAddress, StringComparison.Ordinal));
        output.WriteLine($"Canary scan: {messages.Count} messages, {canaries.Count} canaries, {covered.Count} kinds.");
    }

    /// <summary>Every header and every MIME part of a message, decoded, as one text.</summary>
    private static string Flatten(MimeMessage message)
    {
        var text = new StringBuilder();
        foreach (var header in message.Headers)
        {
            text.Append(header.Field).Append(": ").Append(header.Value).Append('\n');
        }

        foreach (var part in message.BodyParts)
        {
            foreach (var header in part.Headers)
            {
                text.Append(header.Field).Append(": ").Append(header.Value).Append('\n');
            }

            if (part is TextPart textPart)
            {
                text.Append(textPart.Text).Append('\n');
            }
            else if (part is MimePart { Content: not null } mime)
            {
                using var stream = new MemoryStream();
                mime.Content.DecodeTo(stream);
                text.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
            }
        }

        // Folded lines (an .ics attachment's, long headers) are unfolded so a canary split across lines is still found.
        return text.ToString().Replace("\r\n ", string.Empty, StringComparison.Ordinal).Replace("\n ", string.Empty, StringComparison.Ordinal).Replace("\\,", ",", StringComparison.Ordinal);
    }

    private static object EventBody(string title, string description, string? trainingType, string address, DateTimeOffset start, int capacity) => new
    {
        title,
        description,
        kind = "Training",
        hostOrganizationIds = new[] { AuthorizationMatrix.Org },
        county = "06019",
        start,
        end = start.AddHours(2),
        online = false,
        address,
        hideAddressUntilRegistered = true,
        capacity,
        audience = "Public",
        trainingType,
        creditHours = trainingType is null ? 0m : 2m,
    };

    private async Task<string> CreateEventAsync(string title, string description, string? trainingType, string address, DateTimeOffset start, int capacity)
    {
        var client = await app.ClientForAsync(ShelterAdmin);
        var response = await client.PostAsJsonAsync("/api/calendar/events", EventBody(title, description, trainingType, address, start, capacity), Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CalendarApi.EventCreated>(Json))!.EventId;
    }

    /// <summary>Registers without an account and confirms through the e-mailed link; the registration's id as stored.</summary>
    private async Task<string> RegisterAsync(string eventId, string name, string email) =>
        (await PublicRegistration.RegisterAsync(app.Factory.Services, app.Factory.CreateBrowserLikeClient(), eventId, name, email)).RegistrationId;
}
