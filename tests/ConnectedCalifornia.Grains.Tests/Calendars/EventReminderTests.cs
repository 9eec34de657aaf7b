using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Hosting;
using ConnectedCalifornia.Hosting.Notifications;
using ConnectedCalifornia.Hosting.Schema;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Notifications;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>Reminders go out once each, at their time by the (fake) network clock, as notifications in the outbox.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventReminderTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private readonly IGrainFactory _grains = fixture.Client;

    /// <summary>The outbox the silos write to (the fixture's SQLite file).</summary>
    internal static NotificationStore Outbox()
    {
        var database = NetworkDatabase.ForSqlite(ClusterFixture.HistoryDirectory);
        return new NotificationStore(database, new NetworkSchema(database), new NotificationSignal(), TimeProvider.System);
    }

    [Fact]
    public async Task Registrants_get_the_day_before_and_two_hours_before_reminders_once_and_hosts_the_attendance_prompt()
    {
        var hostOrg = await CreateOrganizationAsync(_grains);
        var hostUser = NewKey("host-user");
        Assert.True((await _grains.GetGrain<IOrganizationGrain>(hostOrg).SetMember(new OrganizationMember(hostUser, "Hana Host", OrganizationRole.Staff), Curator)).Succeeded);
        var eventId = NewKey("event");
        var grain = _grains.GetGrain<IEventGrain>(eventId);
        var definition = EventGrainTests.Training(hostOrg, capacity: 1);
        Assert.True((await grain.Define(definition, Host, EventHostRights.AnyHost)).Succeeded);
        var member = NewKey("member");
        var waiting = NewKey("waiting");
        await grain.Register(new RegistrationRequest(member, "Mina Member", "mina@example.org"), Host);
        await grain.Register(new RegistrationRequest(waiting, "Walt Waiting", "walt@example.org"), Host);
        var outbox = Outbox();
        async Task<List<Notification>> Reminders() =>
            [.. (await outbox.ReadWaitingAsync($"event:{eventId}:")).Where(n => n.Kind is NotificationKinds.EventReminder or NotificationKinds.EventAttendancePrompt)];

        // Both registrations were confirmed (one with a seat, one on the waitlist), in the outbox with the change.
        var confirmations = (await outbox.ReadWaitingAsync($"event:{eventId}:")).Where(n => n.Kind == NotificationKinds.EventRegistered).ToList();
        Assert.Equal(["Registered", "Waitlisted"], confirmations.Select(n => n.Fact("registration.status")));
        Assert.Equal([NotificationAudience.Person(member), NotificationAudience.Person(waiting)], confirmations.Select(n => n.To.Single()));

        Assert.Equal(0, await grain.SendDueReminders());
        Assert.Empty(await Reminders());

        // The sweep (what every silo runs each minute) reaches the event once its reminder is due.
        ClusterFixture.Clock.SetUtcNow(definition.Start - TimeSpan.FromHours(23));
        Assert.True(await Sweep() >= 1);
        Assert.Equal(0, await grain.SendDueReminders());
        var dayBefore = Assert.Single(await Reminders());
        Assert.Equal((EventReminders.DayBefore, NotificationAudience.Person(member)), (dayBefore.Fact("reminder"), dayBefore.To.Single()));

        ClusterFixture.Clock.SetUtcNow(definition.Start - TimeSpan.FromMinutes(110));
        Assert.Equal(1, await grain.SendDueReminders());
        Assert.Equal([EventReminders.DayBefore, EventReminders.TwoHoursBefore], (await Reminders()).Select(n => n.Fact("reminder")));

        ClusterFixture.Clock.SetUtcNow(definition.End + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await grain.SendDueReminders());
        Assert.Equal(0, await grain.SendDueReminders());
        var prompt = (await Reminders()).Last();
        Assert.Equal(NotificationKinds.EventAttendancePrompt, prompt.Kind);
        var hosts = Assert.Single(prompt.To);
        Assert.Equal((NotificationAudience.OrganizationMembersKind, hostOrg), (hosts.Kind, hosts.Id));
        Assert.Null((await _grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(grain.GetPrimaryKeyString()))!.NextReminderAt);
    }

    private Task<int> Sweep() => EventReminderSweeper.SweepAsync(_grains, ClusterFixture.Clock.GetUtcNow());
}
