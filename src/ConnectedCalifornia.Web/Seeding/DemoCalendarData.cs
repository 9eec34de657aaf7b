using ConnectedCalifornia.Calendars;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Components.Shared;

namespace ConnectedCalifornia.Web.Seeding;

/// <summary>
/// Demo events of the calendars, dated from the day the demo network is first seeded: a
/// Proposition 35 training for law enforcement, a petition-circulator (volunteer) training with 40
/// seats and a $10 fee, a signature-gathering campaign action, a task-force meeting, an online
/// working-group meeting, an awareness-month event, and a training under way with one completion.
/// Every name, address and link is invented.
/// </summary>
public static class DemoCalendarData
{
    public const string Prop35Training = "prop-35-training-fresno";
    public const string VolunteerTraining = "petition-circulator-training-fresno";
    public const string SignatureGathering = "signature-gathering-fresno-farmers-market";
    public const string TaskForceMeeting = "fresno-task-force-monthly-meeting";
    public const string WorkingGroupMeeting = "foster-youth-working-group-online";
    public const string AwarenessNight = "awareness-month-community-night-la";
    public const string TrainingUnderWay = "prop-35-training-san-diego-today";

    /// <summary>A recurring series (monthly, three occurrences) of a law-enforcement refresher, hosted like <see cref="Prop35Training"/>.</summary>
    public const string Prop35RefresherSeries = "prop-35-roll-call-refresher";

    private const string Fresno = "06019";
    private const string LosAngeles = "06037";
    private const string SanDiego = "06073";
    private const string Prop35Type = "Proposition 35 two-hour human trafficking training for law enforcement";

    /// <summary>Publishes whatever demo event is missing; returns how many.</summary>
    public static async Task<int> SeedAsync(IGrainFactory grains, IServiceScopeFactory scopes)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var actor = DemoNetworkSeeder.DemoActor;
        var created = 0;
        foreach (var (id, definition) in Events(now))
        {
            var grain = grains.GetGrain<IEventGrain>(id);
            if (await grain.GetSnapshot() is not null)
            {
                continue;
            }

            Ensure(await grain.Define(definition, actor, EventHostRights.AnyHost), id);
            created++;
            switch (id)
            {
                case VolunteerTraining:
                    // Public registrations hold their seat only until confirmed by e-mail: the demo's are confirmed.
                    foreach (var (name, email) in new[] { ("Demo volunteer one", "volunteer.one@example.org"), ("Demo volunteer two", "volunteer.two@example.org") })
                    {
                        var volunteer = await grain.Register(new RegistrationRequest(null, name, email), actor);
                        Ensure(volunteer.Result, id);
                        Ensure((await grain.ConfirmRegistration(volunteer.Registration!.RegistrationId)).Result, id);
                    }

                    break;
                case AwarenessNight:
                    Ensure(await grain.SetPromotion(DemoNetworkData.FresnoMinorsShelterKey, true, actor), id);
                    break;
                case TrainingUnderWay:
                    var officer = await grain.Register(
                        new RegistrationRequest(null, "Det. Ray Alcantar", $"officer@{DemoNetworkData.UserEmailDomain}", "harbor-point-police-department"), actor);
                    Ensure(officer.Result, id);
                    Ensure((await grain.ConfirmRegistration(officer.Registration!.RegistrationId)).Result, id);
                    Ensure(await grain.MarkAttendance(officer.Registration!.RegistrationId, true, actor), id);
                    break;
            }
        }

        var series = grains.GetGrain<IEventSeriesGrain>(Prop35RefresherSeries);
        if (await series.GetSnapshot() is null)
        {
            var start = Next(now, DayOfWeek.Friday, 8, 0);
            var refresher = new EventDefinition(
                "Proposition 35 roll-call refresher (monthly)",
                "A 45-minute roll-call refresher for officers who completed the two-hour training: new indicators, recent cases, "
                + "and who to call at the task force's victim-service partners.",
                EventKind.Training, ["sierra-mirador-police-department"], null, null, Fresno,
                start, start.AddMinutes(45), Online: false, "Briefing room, 2450 Mirador Avenue, Fresno, CA 93799", HideAddressUntilRegistered: false,
                OnlineLink: null, 25, null, EventAudience.LawEnforcement);
            Ensure((await series.Publish(refresher, new RecurrenceRule(RecurrenceFrequency.Monthly, 1, [], 3, null), actor, EventHostRights.AnyHost)).Result, Prop35RefresherSeries);
            created += 3;
        }

        return created;
    }

    private static IEnumerable<(string Id, EventDefinition Definition)> Events(DateTimeOffset now)
    {
        var prop35 = Next(now, DayOfWeek.Thursday, 9, 0);
        yield return (Prop35Training, new EventDefinition(
            "Proposition 35 human trafficking training (POST, 2 hours)",
            "The two-hour training on human trafficking that Proposition 35 requires of law-enforcement officers: indicators, "
            + "victim-centered interviews, the Penal Code sections, and working with victim-service partners of the task force.",
            EventKind.Training, ["sierra-mirador-police-department", "central-sierra-district-attorney"], null, null, Fresno,
            prop35, prop35.AddHours(2), Online: false, "Training room B, 2450 Mirador Avenue, Fresno, CA 93799", HideAddressUntilRegistered: false,
            OnlineLink: null, 30, null, EventAudience.LawEnforcement, Prop35Type, 2));

        var volunteer = Next(now, DayOfWeek.Tuesday, 18, 0);
        yield return (VolunteerTraining, new EventDefinition(
            "Petition circulator training (volunteers)",
            "Learn how to gather valid signatures for the Survivor Justice Petition Drive: the rules for circulators, how to talk "
            + "about the measure, and how to turn in petitions. Bring a friend.",
            EventKind.Training, ["valley-compass-survivor-services"], "statewide-petition-drive", null, Fresno,
            volunteer, volunteer.AddHours(2), Online: false, "Community room, 180 Olive Grove Avenue, Fresno, CA 93799", HideAddressUntilRegistered: true,
            OnlineLink: null, 40, "$10, includes T-shirt and campaign materials", EventAudience.Public, "Petition circulator training", 2));

        var market = Next(now, DayOfWeek.Saturday, 9, 0);
        yield return (SignatureGathering, new EventDefinition(
            "Signature gathering at the Fresno farmers market",
            "Staff the petition table with trained circulators. Shifts of two hours; water and clipboards provided.",
            EventKind.CampaignAction, ["valley-compass-survivor-services", "cedar-lantern-ministries"], "statewide-petition-drive", null, Fresno,
            market, market.AddHours(4), Online: false, "Market Square, 1 Harvest Lane, Fresno, CA 93799", HideAddressUntilRegistered: false,
            OnlineLink: null, 0, null, EventAudience.Public));

        var meeting = Next(now, DayOfWeek.Wednesday, 10, 0);
        yield return (TaskForceMeeting, new EventDefinition(
            "Fresno Valley Task Force monthly meeting",
            "Case reviews, upcoming operations and victim-services standby planning. Task-force members only.",
            EventKind.Meeting, ["sierra-mirador-police-department"], null, DemoNetworkData.FresnoTaskForceKey, Fresno,
            meeting, meeting.AddMinutes(90), Online: false, "Conference room 3, 2450 Mirador Avenue, Fresno, CA 93799", HideAddressUntilRegistered: true,
            OnlineLink: null, 0, null, EventAudience.TaskForceMembers));

        var group = Next(now, DayOfWeek.Monday, 15, 0);
        yield return (WorkingGroupMeeting, new EventDefinition(
            "Foster Youth Working Group: runaway-response protocol",
            "Online meeting of the working group to review the draft runaway-response protocol.",
            EventKind.Meeting, ["valley-crest-children-family-services"], "fresno-foster-youth-working-group", null, Fresno,
            group, group.AddHours(1), Online: true, null, HideAddressUntilRegistered: false,
            OnlineLink: "https://meet.example.org/foster-youth-working-group", 0, null, EventAudience.NetworkMembers));

        var night = Next(now, DayOfWeek.Friday, 18, 30);
        yield return (AwarenessNight, new EventDefinition(
            "Awareness Month community night: know the signs",
            "An evening for families, teachers and neighbors: the signs of trafficking, how to help, and where to call "
            + "(National Human Trafficking Hotline 1-888-373-7888, text \"BeFree\" to 233733).",
            EventKind.Event, ["juniper-gate-womens-shelter"], "awareness-month-january", null, LosAngeles,
            night, night.AddHours(2), Online: false, "Palm Row Community Hall, 400 Palm Row, Los Angeles, CA 90099", HideAddressUntilRegistered: false,
            OnlineLink: null, 120, "Free", EventAudience.Public));

        // Started an hour ago, so attendance can be marked and a certificate exists in the demo.
        var started = now - TimeSpan.FromHours(1);
        yield return (TrainingUnderWay, new EventDefinition(
            "Proposition 35 human trafficking training (San Diego session)",
            "The two-hour Proposition 35 training, San Diego session.",
            EventKind.Training, ["harbor-point-police-department"], null, null, SanDiego,
            started, started.AddHours(3), Online: false, "Harbor Point PD training center, 77 Harbor Point Road, San Diego, CA 92199",
            HideAddressUntilRegistered: false, OnlineLink: null, 25, null, EventAudience.LawEnforcement, Prop35Type, 2));
    }

    /// <summary>The next such weekday at least two days from now, at this Pacific time.</summary>
    private static DateTimeOffset Next(DateTimeOffset now, DayOfWeek day, int hour, int minute)
    {
        var today = Pacific.ToPacific(now).Date.AddDays(2);
        while (today.DayOfWeek != day)
        {
            today = today.AddDays(1);
        }

        return Pacific.FromPacific(today.AddHours(hour).AddMinutes(minute));
    }

    private static void Ensure(CommandResult result, string key)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The demo calendar could not be seeded ({key}): {string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
        }
    }
}
