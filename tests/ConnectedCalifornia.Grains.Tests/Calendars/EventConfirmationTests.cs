using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>
/// A public registration (without an account) holds its seat only until the registrant confirms through
/// the e-mailed link; unconfirmed, it ends after the hold (30 minutes by default) and the seat goes to the
/// waitlist, through the same sweep as the reminders (fake network clock). Issue 14, items 9 and 12.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventConfirmationTests(ClusterFixture fixture)
{
    private static readonly Actor Public = new("public", "Public registrant");
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task An_unconfirmed_public_registration_expires_and_its_seat_goes_to_the_waitlist()
    {
        var (grain, eventId) = await PublishAsync(capacity: 1);
        var registeredAt = ClusterFixture.Clock.GetUtcNow();
        var bot = await grain.Register(new RegistrationRequest(null, "Bot Filler", "bot@example.org"), Public);
        var person = await grain.Register(new RegistrationRequest(null, "Rosa Real", "rosa@example.org"), Public);
        var member = await grain.Register(new RegistrationRequest(NewKey("member"), "Mina Member", "mina@example.org"), Public);

        // Both public registrations hold their seat or place until their confirmation time; a member's needs none.
        Assert.Equal((RegistrationStatus.Registered, registeredAt + TimeSpan.FromMinutes(30)), (bot.Registration!.Status, bot.Registration.ConfirmBy));
        Assert.Equal(RegistrationStatus.Waitlisted, person.Registration!.Status);
        Assert.NotNull(person.Registration.ConfirmBy);
        Assert.Null(member.Registration!.ConfirmBy);
        var row = (await Index().GetEvent(eventId))!;
        Assert.Equal((1, 1), (row.Registered, row.Held));
        Assert.Equal(registeredAt + TimeSpan.FromMinutes(30), row.NextReminderAt);

        // The e-mail carries the confirmation link (the registration id is its token), to the address given.
        var outbox = EventReminderTests.Outbox();
        var toRosa = (await outbox.ReadWaitingAsync($"event:{eventId}:")).Single(n => n.To.Single() == NotificationAudience.Address("rosa@example.org", "Rosa Real"));
        Assert.Equal((NotificationKinds.EventRegistered, $"/calendar/events/{eventId}?registration={person.Registration.RegistrationId}&confirm=true"), (toRosa.Kind, toRosa.Link));
        Assert.NotNull(toRosa.Fact("registration.confirm-by"));

        // Rosa confirms (twice: the second changes nothing); the bot never does.
        var confirmed = await grain.ConfirmRegistration(person.Registration.RegistrationId);
        Assert.True(confirmed.Succeeded);
        var version = (await grain.GetSnapshot())!.Version;
        Assert.True((await grain.ConfirmRegistration(person.Registration.RegistrationId)).Succeeded);
        Assert.Equal(version, (await grain.GetSnapshot())!.Version);

        // Before the hold is over nothing changes; after it, the sweep every silo runs ends the bot's hold and Rosa gets the seat.
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(29));
        await EventReminderSweeper.SweepAsync(_grains, ClusterFixture.Clock.GetUtcNow());
        Assert.Equal(RegistrationStatus.Registered, (await grain.GetRegistration(bot.Registration.RegistrationId))!.Status);
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await EventReminderSweeper.SweepAsync(_grains, ClusterFixture.Clock.GetUtcNow());

        var stored = (await grain.GetSnapshot())!;
        var storedBot = stored.Registrations.Single(r => r.RegistrationId == bot.Registration.RegistrationId);
        var storedRosa = stored.Registrations.Single(r => r.RegistrationId == person.Registration.RegistrationId);
        Assert.Equal(RegistrationStatus.Cancelled, storedBot.Status);
        Assert.Equal((RegistrationStatus.Registered, (DateTimeOffset?)null), (storedRosa.Status, storedRosa.ConfirmBy));
        Assert.NotNull(storedRosa.ConfirmedAt);
        Assert.Contains(stored.Registrations, r => r.UserId is not null && r.Status == RegistrationStatus.Waitlisted);
        row = (await Index().GetEvent(eventId))!;
        Assert.Equal((1, 0), (row.Registered, row.Held));
        Assert.Equal(stored.Definition.Start - TimeSpan.FromDays(1), row.NextReminderAt);

        // Confirming the expired registration is refused; Rosa was told the seat is hers.
        Assert.False((await grain.ConfirmRegistration(bot.Registration.RegistrationId)).Succeeded);
        Assert.Contains(await outbox.ReadWaitingAsync($"event:{eventId}:"), n => n.Kind == NotificationKinds.EventWaitlistPromoted && n.Fact("registration.id") == storedRosa.RegistrationId);
    }

    [Fact]
    public async Task Registering_the_same_address_again_resends_its_link_to_that_address_at_most_once_per_interval()
    {
        var (grain, eventId) = await PublishAsync(capacity: 10);
        var first = await grain.Register(new RegistrationRequest(null, "Lupe Ortega", "lupe@example.org"), Public);
        var outbox = EventReminderTests.Outbox();
        async Task<int> ToLupe() => (await outbox.ReadWaitingAsync($"event:{eventId}:")).Count(n => n.To.Single().Id == "lupe@example.org");
        Assert.Equal(1, await ToLupe());

        // Someone types Lupe's address again at once: the existing registration, nothing sent (too soon), no new version.
        var version = (await grain.GetSnapshot())!.Version;
        var again = await grain.Register(new RegistrationRequest(null, "Somebody Else", "LUPE@example.org"), Public);
        Assert.True(again.Existing);
        Assert.Equal(first.Registration!.RegistrationId, again.Registration!.RegistrationId);
        Assert.Equal(1, await ToLupe());
        Assert.Equal(version, (await grain.GetSnapshot())!.Version);

        // Later, the link goes to Lupe's address again (never to whoever asked), once per interval.
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(11));
        await grain.ConfirmRegistration(first.Registration.RegistrationId);
        await grain.Register(new RegistrationRequest(null, "Somebody Else", "lupe@example.org"), Public);
        await grain.Register(new RegistrationRequest(null, "Somebody Else", "lupe@example.org"), Public);
        var sent = (await outbox.ReadWaitingAsync($"event:{eventId}:again:")).ToList();
        var resent = Assert.Single(sent);
        Assert.Equal(NotificationAudience.Address("lupe@example.org", "Lupe Ortega"), resent.To.Single());
        Assert.Equal($"/calendar/events/{eventId}?registration={first.Registration.RegistrationId}", resent.Link);
        Assert.Equal("true", resent.Fact("registration.again"));
        Assert.Single((await grain.GetSnapshot())!.Registrations);
    }

    private ICalendarIndexGrain Index() => _grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex);

    private async Task<(IEventGrain Grain, string Id)> PublishAsync(int capacity)
    {
        var host = await CreateOrganizationAsync(_grains);
        var id = NewKey("event");
        var grain = _grains.GetGrain<IEventGrain>(id);
        Assert.True((await grain.Define(EventGrainTests.Training(host, capacity), Curator, EventHostRights.AnyHost)).Succeeded);
        return (grain, id);
    }
}
