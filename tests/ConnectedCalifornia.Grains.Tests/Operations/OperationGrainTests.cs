using System.Collections.Immutable;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Capacity.Tests;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Operations.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OperationGrainTests(ClusterFixture fixture)
{
    private const string Alpine = "06003";

    private static readonly Actor Lead = new("lead-1", "Sgt. Lee Lead");
    private static readonly Actor Advocate = new("advocate-1", "Ana Advocate");

    private readonly IGrainFactory _grains = fixture.Client;

    private static DateTimeOffset Now => ClusterFixture.Clock.GetUtcNow();

    private async Task<(string TaskForceId, string LeadAgencyId, string ShelterId)> TaskForceAsync()
    {
        var taskForceId = NewKey("tf");
        Assert.True((await _grains.GetGrain<ITaskForceGrain>(taskForceId).Create(TaskForce() with { Counties = [Fresno, Kern, Alpine] }, Curator)).Succeeded);
        return (taskForceId, await CreateOrganizationAsync(_grains, Organization("Valley Police")), await CreateOrganizationAsync(_grains));
    }

    private static OperationPlan Plan(string taskForceId, string leadAgencyId, DateTimeOffset? start = null, string county = Fresno) => new(
        taskForceId,
        "Thursday motel corridor operation",
        OperationType.Enforcement,
        start ?? Now.AddDays(3),
        (start ?? Now.AddDays(3)).AddHours(8),
        [county],
        "Motels along the highway corridor, north Fresno",
        "Room block at the Sunset Inn, 100 Example Ave",
        ShareLocation: false,
        leadAgencyId);

    private async Task<(IOperationGrain Grain, string ShelterId, string LeadAgencyId)> PlannedAsync(DateTimeOffset? start = null, string county = Fresno)
    {
        var (taskForceId, leadAgencyId, shelterId) = await TaskForceAsync();
        var grain = _grains.GetGrain<IOperationGrain>(NewKey("op"));
        Succeeded(await grain.Create(Plan(taskForceId, leadAgencyId, start, county), Lead));
        return (grain, shelterId, leadAgencyId);
    }

    private static StandbyRequest Standby(params string[] organizations) =>
        new([.. organizations], 12, ExpectedAges.MinorsInvolved, ["en", "es"], "Possible armed third parties on site.", "Emergency beds for up to 6 adults, 2 minors.");

    [Fact]
    public async Task An_operation_is_planned_with_its_lead_agency_and_moves_forward_one_step_at_a_time()
    {
        var (grain, _, leadAgencyId) = await PlannedAsync();

        var details = (await grain.GetDetails())!;
        Assert.Equal(OperationStatus.Planning, details.Status);
        Assert.Equal([new OperationParticipant(leadAgencyId, TaskForceOrganizationRole.LeadAgency)], details.Participants.AsEnumerable());
        Assert.True(details.IsLawEnforcement(leadAgencyId));

        AssertRefused(await grain.SetStatus(OperationStatus.Debrief, Lead), "status");
        Succeeded(await grain.SetStatus(OperationStatus.Active, Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Debrief, Lead));
        AssertRefused(await grain.SetStatus(OperationStatus.Planning, Lead), "status");
        Assert.Equal(OperationStatus.Debrief, (await grain.GetDetails())!.Status);
        Assert.Contains(await grain.GetHistory(10), c => c.Field == "status" && c.OldValue == "Active" && c.NewValue == "Debrief" && c.ActorName == Lead.DisplayName);
    }

    [Theory]
    [InlineData("end")]
    [InlineData("title")]
    [InlineData("counties")]
    [InlineData("leadAgencyId")]
    [InlineData("taskForceId")]
    [InlineData("generalArea")]
    public async Task A_bad_plan_is_refused_with_a_clear_message_and_nothing_is_stored(string field)
    {
        var (taskForceId, leadAgencyId, _) = await TaskForceAsync();
        var plan = Plan(taskForceId, leadAgencyId);
        var broken = field switch
        {
            "end" => plan with { End = plan.Start.AddHours(-1) },
            "title" => plan with { Title = new string('t', 201) },
            "counties" => plan with { Counties = ["99999"] },
            "leadAgencyId" => plan with { LeadAgencyId = "no-such-agency" },
            "taskForceId" => plan with { TaskForceId = "no-such-task-force" },
            _ => plan with { GeneralArea = new string('a', 501) },
        };
        var grain = _grains.GetGrain<IOperationGrain>(NewKey("op"));

        AssertRefused(await grain.Create(broken, Lead), field);

        Assert.Null(await grain.GetDetails());
    }

    [Fact]
    public async Task A_window_longer_than_two_weeks_or_already_over_is_refused()
    {
        var (taskForceId, leadAgencyId, _) = await TaskForceAsync();
        var plan = Plan(taskForceId, leadAgencyId);
        AssertRefused(await _grains.GetGrain<IOperationGrain>(NewKey("op")).Create(plan with { End = plan.Start.AddDays(15) }, Lead), "end");
        AssertRefused(await _grains.GetGrain<IOperationGrain>(NewKey("op")).Create(plan with { Start = Now.AddDays(-3), End = Now.AddDays(-2) }, Lead), "start");
    }

    [Fact]
    public async Task A_standby_request_adds_the_shelters_and_their_answers_are_kept_per_organization()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        var secondShelter = await CreateOrganizationAsync(_grains, Organization("Second Shelter"));

        Succeeded(await grain.SendStandby("request-1", Standby(shelterId, secondShelter), Lead));
        Succeeded(await grain.AnswerStandby("request-1", shelterId, new StandbyAnswer(StandbyResponse.Yes, 3, "Two Spanish-speaking advocates"), Advocate));
        Succeeded(await grain.AnswerStandby("request-1", secondShelter, new StandbyAnswer(StandbyResponse.Partial, 1, ""), Advocate));
        Succeeded(await grain.AnswerStandby("request-1", shelterId, new StandbyAnswer(StandbyResponse.Yes, 4, ""), Advocate));

        var details = (await grain.GetDetails())!;
        Assert.Contains(details.Participants, p => p.OrganizationId == shelterId && p.Role == TaskForceOrganizationRole.VictimServices);
        Assert.False(details.IsLawEnforcement(shelterId));
        var record = details.Standby.Single();
        Assert.Equal((12, ExpectedAges.MinorsInvolved), (record.Request.ExpectedPeople, record.Request.Ages));
        Assert.Equal(details.Plan.Start, record.Start);
        Assert.Equal(2, record.Replies.Length);
        Assert.Equal(5, record.Replies.Sum(r => r.Answer.Advocates));
        var announcements = await fixture.Node.WaitForAsync(grain.GetPrimaryKeyString(), 5);

        // Announced to the operation's own topic and to its organizations' operations lists, nowhere else.
        var ownLists = details.Participants.Select(p => p.OrganizationId).Append(details.Plan.LeadAgencyId).Select(Topics.Operations).ToHashSet(StringComparer.Ordinal);
        Assert.All(announcements, a =>
        {
            Assert.Contains(Topics.Operation(grain.GetPrimaryKeyString()), a.Topics.AsEnumerable());
            Assert.All(a.Topics.Where(t => t != Topics.Operation(grain.GetPrimaryKeyString())), t => Assert.Contains(t, ownLists));
        });
    }

    [Fact]
    public async Task A_standby_request_takes_a_language_the_curators_added_and_no_longer_one_they_retired()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        var taxonomy = _grains.GetGrain<ITaxonomyGrain>(GrainKeys.Taxonomy);
        var code = "x" + Guid.NewGuid().ToString("N")[..6];
        Succeeded(await taxonomy.AddTerm(Vocabulary.Languages, code, "Mixteco " + code, Curator));

        Succeeded(await grain.SendStandby("request-1", Standby(shelterId) with { Languages = [code] }, Lead));
        Assert.Equal([code], (await grain.GetDetails())!.Standby.Single().Request.Languages.AsEnumerable());

        Succeeded(await taxonomy.SetRetired(Vocabulary.Languages, code, true, Curator));
        AssertRefused(await grain.SendStandby("request-2", Standby(shelterId) with { Languages = [code] }, Lead), "languages");
    }

    [Fact]
    public async Task Bad_standby_requests_and_answers_change_nothing()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        AssertRefused(await grain.SendStandby("request-1", Standby("no-such-shelter"), Lead), "organizationIds");
        AssertRefused(await grain.SendStandby("request-1", Standby(shelterId) with { ExpectedPeople = -1 }, Lead), "expectedPeople");
        AssertRefused(await grain.SendStandby("request-1", Standby(shelterId) with { Languages = ["klingon"] }, Lead), "languages");
        AssertRefused(await grain.SendStandby("request-1", Standby(shelterId) with { SafetyRisks = new string('r', 2001) }, Lead), "safetyRisks");
        var version = (await grain.GetDetails())!.Version;

        Succeeded(await grain.SendStandby("request-1", Standby(shelterId), Lead));
        var other = await CreateOrganizationAsync(_grains, Organization("Not Asked"));
        AssertRefused(await grain.AnswerStandby("request-1", other, new StandbyAnswer(StandbyResponse.Yes, 1, ""), Advocate), "organizationId");
        AssertRefused(await grain.AnswerStandby("request-1", shelterId, new StandbyAnswer(StandbyResponse.Yes, 0, ""), Advocate), "advocates");
        AssertRefused(await grain.AnswerStandby("no-such-request", shelterId, new StandbyAnswer(StandbyResponse.No, 0, ""), Advocate), "requestId");
        Assert.Equal(version + 1, (await grain.GetDetails())!.Version);
    }

    [Fact]
    public async Task Beds_held_for_the_operation_are_released_when_it_closes()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        var site = await CapacityTestData.DefineSiteAsync(_grains);
        CapacityTestData.AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, 5, CapacityTestData.Staff));
        Succeeded(await grain.SendStandby("request-1", Standby(shelterId), Lead));

        var refused = await grain.PlaceHold(site.Id(), CapacityCategories.AdultWomen, "not-a-participant", Lead);
        AssertRefused(refused.Result, "holderOrganizationId");
        var first = await grain.PlaceHold(site.Id(), CapacityCategories.AdultWomen, shelterId, Lead);
        var second = await grain.PlaceHold(site.Id(), CapacityCategories.AdultWomen, shelterId, Lead);
        Succeeded(first.Result);
        Succeeded(second.Result);
        Assert.Equal((3, 2), Counts(await site.GetSnapshot()));
        Succeeded(await site.ConvertHold(second.HoldId!, "referral-1", CapacityTestData.Staff));

        foreach (var status in new[] { OperationStatus.Active, OperationStatus.Debrief, OperationStatus.Closed })
        {
            Succeeded(await grain.SetStatus(status, Lead));
        }

        Assert.Equal((4, 0), Counts(await site.GetSnapshot()));
        Assert.Equal(HoldStatus.Released, (await site.GetHold(first.HoldId!))!.Status);
        Assert.Equal(HoldStatus.Converted, (await site.GetHold(second.HoldId!))!.Status);
        Assert.All((await grain.GetDetails())!.Holds, h => Assert.True(h.Released));
        AssertRefused((await grain.PlaceHold(site.Id(), CapacityCategories.AdultWomen, shelterId, Lead)).Result, "status");

        static (int Available, int Held) Counts(SiteCapacitySnapshot? snapshot) =>
            (snapshot.Category(CapacityCategories.AdultWomen).Available, snapshot.Category(CapacityCategories.AdultWomen).Held);
    }

    [Fact]
    public async Task The_timeline_is_open_while_active_and_every_entry_is_recorded()
    {
        var (grain, _, leadAgencyId) = await PlannedAsync();
        AssertRefused(await grain.PostTimeline(leadAgencyId, "Teams in position", Lead), "status");
        Succeeded(await grain.SetStatus(OperationStatus.Active, Lead));

        Succeeded(await grain.PostTimeline(leadAgencyId, "Teams in position", Lead));
        Succeeded(await grain.PostTimeline(leadAgencyId, "Two adults accepted advocate contact", Lead));
        AssertRefused(await grain.PostTimeline(leadAgencyId, new string('x', 501), Lead), "text");
        AssertRefused(await grain.PostTimeline("outside-org", "Hello", Lead), "organizationId");

        // A referral that does not exist is not linked (nor counted).
        AssertRefused(await grain.LinkReferral("referral-42", [leadAgencyId], Lead), "referralId");

        var details = (await grain.GetDetails())!;
        Assert.Equal(["Teams in position", "Two adults accepted advocate contact"], details.Timeline.Select(e => e.Text));
        Assert.Equal([1L, 2L], details.Timeline.Select(e => e.Number));
        Assert.Empty(details.ReferralIds);
        Assert.Equal(2, (await grain.GetHistory(50)).Count(c => c.Field == "timeline" && c.ActorId == Lead.UserId));
    }

    [Fact]
    public async Task Assignments_and_after_action_items_are_tracked_to_done()
    {
        var (grain, _, leadAgencyId) = await PlannedAsync();
        var assignment = new OperationAssignment("perimeter", leadAgencyId, "Perimeter and transport", "Lt. Ortiz", Now.AddDays(3), WorkStatus.Open);
        Succeeded(await grain.SetAssignment(assignment, Lead));
        Succeeded(await grain.SetAssignment(assignment with { Status = WorkStatus.Done }, Lead));
        AssertRefused(await grain.SetAssignment(assignment with { Id = "other", OrganizationId = "outside-org" }, Lead), "assignment.organizationId");
        AssertRefused(await grain.SetAssignment(assignment with { Id = "other", Task = "" }, Lead), "assignment.task");

        var item = new ReviewItem("radio", "Radio channel for advocates", "Sgt. Lee", Now.AddDays(10), WorkStatus.Open);
        AssertRefused(await grain.SetReviewItem(item, Lead), "status");
        Succeeded(await grain.SetStatus(OperationStatus.Active, Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Debrief, Lead));
        Succeeded(await grain.SetReviewItem(item, Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Closed, Lead));
        Succeeded(await grain.SetReviewItem(item with { Status = WorkStatus.Done }, Lead));
        AssertRefused(await grain.SetAssignment(assignment, Lead), "status");

        var details = (await grain.GetDetails())!;
        Assert.Equal(WorkStatus.Done, details.Assignments.Single().Status);
        Assert.Equal(WorkStatus.Done, details.ReviewItems.Single().Status);
    }

    [Fact]
    public async Task The_outcome_keeps_counts_of_known_services_only()
    {
        var (grain, _, _) = await PlannedAsync();
        Succeeded(await grain.SetStatus(OperationStatus.Active, Lead));
        Succeeded(await grain.SetStatus(OperationStatus.Debrief, Lead));

        AssertRefused(await grain.RecordOutcome(new OperationOutcome(3, ImmutableDictionary<string, int>.Empty.Add("teleportation", 1)), Lead), "servicesUsed");
        AssertRefused(await grain.RecordOutcome(new OperationOutcome(-1, ImmutableDictionary<string, int>.Empty), Lead), "peopleAssisted");
        Succeeded(await grain.RecordOutcome(new OperationOutcome(7, ImmutableDictionary<string, int>.Empty.Add("shelter-housing", 3).Add("legal-aid", 0)), Lead));

        var outcome = (await grain.GetDetails())!.Outcome!;
        Assert.Equal(7, outcome.PeopleAssisted);
        Assert.Equal(["shelter-housing"], outcome.ServicesUsed.Keys);
        Assert.Null(SmallCounts.Shown(3));
        Assert.Equal("fewer than 5", SmallCounts.Display(3));
        Assert.Equal("0", SmallCounts.Display(0));
        Assert.Equal(7, SmallCounts.Shown(7));
    }

    [Fact]
    public async Task Overlapping_operations_warn_both_leads_with_only_the_other_lead_agency()
    {
        var start = Now.AddDays(200);
        var (first, _, firstAgency) = await PlannedAsync(start, Alpine);
        var (second, _, secondAgency) = await PlannedAsync(start.AddHours(4), Alpine);
        var (elsewhere, _, _) = await PlannedAsync(start, Kern);

        var firstWarnings = (await first.GetDetails())!.Warnings;
        var secondWarnings = (await second.GetDetails())!.Warnings;
        Assert.Equal(secondAgency, Assert.Single(firstWarnings).LeadAgencyId);
        Assert.Equal(firstAgency, Assert.Single(secondWarnings).LeadAgencyId);
        Assert.Equal("Valley Police", firstWarnings[0].LeadAgencyName);
        Assert.Contains("(559) 555-0100", firstWarnings[0].Contact, StringComparison.Ordinal);
        Assert.Empty((await elsewhere.GetDetails())!.Warnings.Where(w => w.LeadAgencyId == firstAgency || w.LeadAgencyId == secondAgency));
        var announcement = (await fixture.Node.WaitForAsync(first.GetPrimaryKeyString(), 2)).Last();
        Assert.Equal(OperationKinds.Deconfliction, announcement.Kind);
        Assert.DoesNotContain("motel", announcement.Summary, StringComparison.OrdinalIgnoreCase);

        // The topic reaches every participant; the other lead agency is for the people who run the operation (the page's warning).
        Assert.DoesNotContain(firstWarnings[0].LeadAgencyName, announcement.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(firstWarnings[0].Contact, announcement.Summary, StringComparison.Ordinal);
    }

    private static void Succeeded(CommandResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message}")));
}
