using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Calendars.Tests;

/// <summary>Reminders go out once each, at their time by the (fake) network clock, to members in-app.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventReminderTests(ClusterFixture fixture)
{
    private static readonly Actor Host = new("host-1", "Hana Host");
    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Registrants_get_the_day_before_and_hour_before_reminders_once_and_hosts_the_attendance_prompt()
    {
        var hostOrg = await CreateOrganizationAsync(_grains);
        var hostUser = NewKey("host-user");
        Assert.True((await _grains.GetGrain<IOrganizationGrain>(hostOrg).SetMember(new OrganizationMember(hostUser, "Hana Host", OrganizationRole.Staff), Curator)).Succeeded);
        var grain = _grains.GetGrain<IEventGrain>(NewKey("event"));
        var definition = EventGrainTests.Training(hostOrg, capacity: 1);
        Assert.True((await grain.Define(definition, Host, EventHostRights.AnyHost)).Succeeded);
        var member = NewKey("member");
        var waiting = NewKey("waiting");
        await grain.Register(new RegistrationRequest(member, "Mina Member", "mina@example.org"), Host);
        await grain.Register(new RegistrationRequest(waiting, "Walt Waiting", "walt@example.org"), Host);
        var inbox = _grains.GetGrain<IReminderInboxGrain>(member);

        Assert.Equal(0, await grain.SendDueReminders());
        Assert.Empty(await inbox.List());

        // The sweep (what every silo runs each minute) reaches the event once its reminder is due.
        ClusterFixture.Clock.SetUtcNow(definition.Start - TimeSpan.FromHours(23));
        Assert.True(await Sweep() >= 1);
        Assert.Equal(0, await grain.SendDueReminders());
        Assert.Equal([EventReminders.DayBefore], (await inbox.List()).Select(r => r.Kind));
        Assert.Empty(await _grains.GetGrain<IReminderInboxGrain>(waiting).List());

        ClusterFixture.Clock.SetUtcNow(definition.Start - TimeSpan.FromMinutes(50));
        Assert.Equal(1, await grain.SendDueReminders());
        Assert.Equal([EventReminders.HourBefore, EventReminders.DayBefore], (await inbox.List()).Select(r => r.Kind));

        ClusterFixture.Clock.SetUtcNow(definition.End + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await grain.SendDueReminders());
        Assert.Equal(0, await grain.SendDueReminders());
        var prompt = Assert.Single(await _grains.GetGrain<IReminderInboxGrain>(hostUser).List());
        Assert.Equal(EventReminders.AttendancePrompt, prompt.Kind);
        Assert.Null((await _grains.GetGrain<ICalendarIndexGrain>(GrainKeys.CalendarIndex).GetEvent(grain.GetPrimaryKeyString()))!.NextReminderAt);
    }

    private Task<int> Sweep() => EventReminderSweeper.SweepAsync(_grains, ClusterFixture.Clock.GetUtcNow());
}
