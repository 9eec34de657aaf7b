using System.Collections.Immutable;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

[Collection(ClusterCollection.Name)]
public sealed class EventGrainTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private static readonly Actor Public = new("public", "Public registrant");
    private readonly IGrainFactory _grains = fixture.Client;

    private ICalendarIndexGrain Index => _grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);

    public static EventDefinition Training(string hostId, int capacity = 40, decimal creditHours = 0, EventAudience audience = EventAudience.Public)
    {
        var start = ClusterFixture.Clock.GetUtcNow() + TimeSpan.FromDays(7);
        return new EventDefinition(
            "Volunteer training", "Petition circulator training.", EventKind.Training, [hostId], null, null, Fresno,
            start, start + TimeSpan.FromHours(2), Online: false, "12 Main Street, Fresno, CA", HideAddressUntilRegistered: true, OnlineLink: null,
            capacity, "$10, includes T-shirt and campaign materials", audience, creditHours > 0 ? "Proposition 35 two-hour training" : null, creditHours);
    }

    private async Task<(IEventGrain Grain, string Id)> PublishAsync(int capacity = 40, decimal creditHours = 0)
    {
        var host = await CreateOrganizationAsync(_grains);
        var id = NewKey("event");
        var grain = _grains.GetGrain<IEventGrain>(id);
        var result = await grain.Define(Training(host, capacity, creditHours), Host, EventHostRights.AnyHost);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        return (grain, id);
    }

    private static RegistrationRequest Person(int i) => new(null, $"Rita Registrant {i}", $"volunteer{i}@example.org");

    [Fact]
    public async Task An_event_is_published_with_its_details_and_listed_in_the_index_without_a_hidden_address()
    {
        var (grain, id) = await PublishAsync();

        var snapshot = await grain.GetSnapshot();
        var row = await Index.GetEvent(id);
        Assert.Equal((EventStatus.Scheduled, 0, 1L), (snapshot!.Status, snapshot.Sequence, snapshot.Version));
        Assert.Equal("$10, includes T-shirt and campaign materials", snapshot.Definition.Fee);
        Assert.NotNull(row);
        Assert.Null(row.PublicAddress);
        Assert.Equal((40, 0, 40), (row.Capacity, row.Registered, row.SeatsLeft));
    }

    [Fact]
    public async Task Many_concurrent_registrations_get_exactly_capacity_seats_and_the_rest_wait_in_order()
    {
        var (grain, id) = await PublishAsync(capacity: 40);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grain.Register(Person(i), Public)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(40, results.Count(r => r.Registration!.Status == RegistrationStatus.Registered));
        Assert.Equal(60, results.Count(r => r.Registration!.Status == RegistrationStatus.Waitlisted));
        var snapshot = await grain.GetSnapshot();
        Assert.Equal((40, 60), (snapshot!.Registered, snapshot.Waitlisted));
        var row = await Index.GetEvent(id);
        Assert.Equal((40, 60, 0), (row!.Registered, row.Waitlisted, row.SeatsLeft));
    }

    [Fact]
    public async Task Cancelling_a_seat_promotes_the_first_on_the_waitlist_and_announces_the_new_counts()
    {
        var (grain, id) = await PublishAsync(capacity: 2);
        var first = (await grain.Register(Person(1), Public)).Registration!;
        await grain.Register(Person(2), Public);
        var third = (await grain.Register(Person(3), Public)).Registration!;
        var fourth = (await grain.Register(Person(4), Public)).Registration!;
        Assert.Equal(RegistrationStatus.Waitlisted, third.Status);

        Assert.True((await grain.CancelRegistration(first.RegistrationId, Public)).Succeeded);

        Assert.Equal(RegistrationStatus.Registered, (await grain.GetRegistration(third.RegistrationId))!.Status);
        Assert.Equal(RegistrationStatus.Waitlisted, (await grain.GetRegistration(fourth.RegistrationId))!.Status);
        Assert.Equal(RegistrationStatus.Cancelled, (await grain.GetRegistration(first.RegistrationId))!.Status);
        var announcements = await fixture.Node.WaitForAsync(id, 6);
        var last = announcements[^1];
        Assert.Equal(AnnouncementKinds.EventRegistration, last.Kind);
        Assert.Equal("2 of 2 seats taken, 1 on the waitlist", last.Summary);
        Assert.Contains(Topics.Event(id), last.Topics);
        Assert.DoesNotContain(announcements, a => a.Summary.Contains("Registrant", StringComparison.Ordinal) || a.ActorName.Contains("Registrant", StringComparison.Ordinal) || a.Summary.Contains("@", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registering_twice_with_the_same_email_keeps_one_registration()
    {
        var (grain, _) = await PublishAsync();
        var first = await grain.Register(Person(1), Public);
        var again = await grain.Register(Person(1) with { Email = "VOLUNTEER1@example.org" }, Public);
        Assert.Equal(first.Registration!.RegistrationId, again.Registration!.RegistrationId);
        Assert.Equal(1, (await grain.GetSnapshot())!.Registered);

        // The answer says it is the first registration again: its id is that registrant's ticket, handed back only to them.
        Assert.Equal((false, true), (first.Existing, again.Existing));
    }

    [Fact]
    public async Task The_calendar_index_answers_a_filter_with_only_the_matching_events_by_start()
    {
        var host = await CreateOrganizationAsync(_grains);
        var soon = _grains.GetGrain<IEventGrain>(NewKey("event"));
        var later = _grains.GetGrain<IEventGrain>(NewKey("event"));
        var definition = Training(host);
        Assert.True((await later.Define(definition with { Start = definition.Start.AddDays(30), End = definition.End.AddDays(30) }, Host, EventHostRights.AnyHost)).Succeeded);
        Assert.True((await soon.Define(definition, Host, EventHostRights.AnyHost)).Succeeded);

        var hosted = await Index.GetEvents(new CalendarFilter(OrganizationId: host));
        Assert.Equal([soon.GetPrimaryKeyString(), later.GetPrimaryKeyString()], hosted.Select(r => r.EventId));
        var window = await Index.GetEvents(new CalendarFilter(OrganizationId: host, From: definition.Start, To: definition.Start.AddDays(1)));
        Assert.Equal([soon.GetPrimaryKeyString()], window.Select(r => r.EventId));
        Assert.Equal(2, (await Index.GetEvents(new CalendarFilter(HostedByAny: ImmutableArray.Create(host), Audience: EventAudience.Public, Kind: EventKind.Training))).Length);
        Assert.Empty(await Index.GetEvents(new CalendarFilter(OrganizationId: host, Audience: EventAudience.LawEnforcement)));
    }

    [Fact]
    public async Task Bad_input_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var (grain, _) = await PublishAsync(capacity: 2);
        await grain.Register(Person(1), Public);
        await grain.Register(Person(2), Public);
        var before = await grain.GetSnapshot();
        var definition = before!.Definition;

        AssertRefused(await grain.Define(definition with { End = definition.Start - TimeSpan.FromHours(1) }, Host, EventHostRights.AnyHost), "end");
        AssertRefused(await grain.Define(definition with { Capacity = 1 }, Host, EventHostRights.AnyHost), "capacity");
        AssertRefused(await grain.Define(definition with { County = "99999" }, Host, EventHostRights.AnyHost), "county");
        AssertRefused((await grain.Register(new RegistrationRequest(null, "Ana", "not-an-email"), Public)).Result, "email");
        AssertRefused((await grain.Register(new RegistrationRequest(null, " ", "ana@example.org"), Public)).Result, "name");
        AssertRefused(await _grains.GetGrain<IEventGrain>(NewKey("event")).Define(definition with { HostOrganizationIds = ["no-such-org"] }, Host, EventHostRights.AnyHost), "hostOrganizationIds");

        var after = await grain.GetSnapshot();
        Assert.Equal(before.Version, after!.Version);
        Assert.Equal(2, after.Registrations.Length);
    }

    [Fact]
    public async Task A_change_keeps_the_id_bumps_the_sequence_and_more_seats_promote_the_waitlist()
    {
        var (grain, _) = await PublishAsync(capacity: 1);
        await grain.Register(Person(1), Public);
        var waiting = (await grain.Register(Person(2), Public)).Registration!;
        var definition = (await grain.GetSnapshot())!.Definition;

        Assert.True((await grain.Define(definition with { Start = definition.Start + TimeSpan.FromHours(1), End = definition.End + TimeSpan.FromHours(1), Capacity = 2 }, Host, EventHostRights.AnyHost)).Succeeded);

        var snapshot = await grain.GetSnapshot();
        Assert.Equal((EventStatus.Changed, 1), (snapshot!.Status, snapshot.Sequence));
        Assert.Equal(RegistrationStatus.Registered, (await grain.GetRegistration(waiting.RegistrationId))!.Status);

        Assert.True((await grain.Cancel(Host)).Succeeded);
        snapshot = await grain.GetSnapshot();
        Assert.Equal((EventStatus.Cancelled, 2), (snapshot!.Status, snapshot.Sequence));
        AssertRefused((await grain.Register(Person(3), Public)).Result, "event");
    }

    [Fact]
    public async Task Attendance_at_a_training_issues_a_verifiable_certificate_and_a_completion()
    {
        var (grain, id) = await PublishAsync(capacity: 5, creditHours: 2);
        var officer = (await grain.Register(new RegistrationRequest("user-officer", "Ray Alcantar", "ray@example.org", "harbor-pd"), Public)).Registration!;
        AssertRefused(await grain.MarkAttendance(officer.RegistrationId, true, Host), "event");

        ClusterFixture.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(5));
        Assert.True((await grain.MarkAttendance(officer.RegistrationId, true, Host)).Succeeded);

        var code = (await grain.GetRegistration(officer.RegistrationId))!.CertificateCode;
        Assert.NotNull(CertificateCodes.Normalize(code));
        var certificate = await _grains.GetGrain<ICertificateGrain>(code!).Get();
        Assert.Equal(("Ray Alcantar", 2m, false, id), (certificate!.RecipientName, certificate.CreditHours, certificate.Revoked, certificate.EventId));
        Assert.Contains(await Index.GetCompletions(), c => c.CertificateCode == code && c.OrganizationId == "harbor-pd");

        Assert.True((await grain.MarkAttendance(officer.RegistrationId, false, Host)).Succeeded);
        Assert.True((await _grains.GetGrain<ICertificateGrain>(code!).Get())!.Revoked);
        Assert.DoesNotContain(await Index.GetCompletions(), c => c.CertificateCode == code);
    }

    [Fact]
    public async Task A_task_force_feed_token_is_valid_until_revoked()
    {
        var feed = _grains.GetGrain<ITaskForceFeedGrain>(NewKey("tf"));
        var token = await feed.Issue("user-1");
        Assert.Equal("user-1", await feed.Validate(token));
        var replaced = await feed.Issue("user-1");
        Assert.Null(await feed.Validate(token));
        Assert.Equal("user-1", await feed.Validate(replaced));
        await feed.Revoke("user-1");
        Assert.Null(await feed.Validate(replaced));
    }
}
