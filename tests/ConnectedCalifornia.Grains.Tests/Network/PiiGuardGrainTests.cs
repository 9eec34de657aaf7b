using ConnectedCalifornia.Operations;
using ConnectedCalifornia.Referrals;
using ConnectedCalifornia.Referrals.Tests;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Referrals.Tests.ReferralParties;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Network.Tests;

/// <summary>
/// Every free-text field that must not identify a survivor refuses identifying data in its grain, says
/// what it found and where identity belongs (never the text), and stores nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PiiGuardGrainTests(ClusterFixture fixture)
{
    private const string Phone = "Call her at (559) 555-0199 after 5.";
    private static readonly Actor Lead = new("lead-pii", "Sgt. Lee Lead");
    private static readonly Actor Advocate = new("advocate-pii", "Ana Advocate");

    private readonly IGrainFactory _grains = fixture.Client;

    [Fact]
    public async Task Referral_needs_refuse_a_phone_number()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);

        var result = await referral.Send(p.Draft() with { Needs = "Needs a bed tonight. " + Phone }, p.Sender);

        AssertRefusedWith(result, "needs", "This looks like a phone number. Survivor contact details go in the consented details section.");
        Assert.Null(await referral.Read(p.Sender));
    }

    [Fact]
    public async Task Referral_safety_notes_refuse_a_street_address_and_a_plate()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);

        var result = await referral.Send(p.Draft() with { SafetyNotes = "He waits at 12 Canary Lane in a gray truck, plate 7CNRY7F." }, p.Sender);

        AssertRefusedWith(result, "safetyNotes", PiiGuard.Message(PiiKind.StreetAddress, PiiField.Referral));
        AssertRefusedWith(result, "safetyNotes", PiiGuard.Message(PiiKind.VehiclePlate, PiiField.Referral));
        Assert.Null(await referral.Read(p.Sender));
    }

    [Fact]
    public async Task Referral_notes_refuse_a_consented_name_and_after_a_withdrawal_no_copy_of_it_is_left()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));
        Ok(await referral.RecordConsent(new ConsentDraft(p.To, "Shelter intake", ClusterFixture.Clock.GetUtcNow().AddDays(30), true, new IdentifyingDetails("Jane Canarywood", "jane.canarywood@example.com")), p.Sender));

        AssertRefusedWith(await referral.AddNote("Canarywood arrived safely.", p.Receiver), "text", PiiGuard.Message(PiiKind.ConsentedDetail, PiiField.Referral));
        AssertRefusedWith(await referral.AddNote("Jane, 16, arrived safely.", p.Receiver), "text", PiiGuard.Message(PiiKind.AgeWithName, PiiField.Referral));
        AssertRefusedWith(
            await referral.Transition(new ReferralTransition(ReferralStatus.Declined, DeclineReason.Other, "Jane canarywood DOB 04/12/2009 is too old for us."), p.Receiver),
            "text",
            PiiGuard.Message(PiiKind.DateOfBirth, PiiField.Referral));
        Ok(await referral.AddNote("Arrived safely; intake done.", p.Receiver));

        var read = (await referral.Read(p.Sender))!;
        Assert.Equal(["Arrived safely; intake done."], read.Notes.Select(n => n.Text));
        Assert.Equal(ReferralStatus.Sent, read.Status);
        Assert.Null(read.DeclineText);

        // Withdrawn: the details are gone, and since the guard refused them elsewhere no field holds them.
        Ok(await referral.RevokeConsent(p.Sender));
        var after = (await referral.Read(p.Sender))!;
        Assert.Null(after.Details);
        var everyText = string.Join('\n', new[] { after.Needs, after.SafetyNotes, after.DeclineText, after.Consent?.Purpose }.Concat(after.Notes.Select(n => n.Text)));
        Assert.DoesNotContain("canarywood", everyText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await referral.ReadAudit(p.Sender), e => e.Detail.Contains("canarywood", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Consent_purpose_refuses_the_name_it_is_given_with()
    {
        var p = await CreateAsync(_grains);
        var referral = New(_grains);
        Ok(await referral.Send(p.Draft(), p.Sender));

        var result = await referral.RecordConsent(new ConsentDraft(p.To, "Intake for Jane Canarywood", ClusterFixture.Clock.GetUtcNow().AddDays(30), true, new IdentifyingDetails("Jane Canarywood", null)), p.Sender);

        AssertRefusedWith(result, "purpose", PiiGuard.Message(PiiKind.ConsentedDetail, PiiField.Referral));
        var read = (await referral.Read(p.Sender))!;
        Assert.Null(read.Consent);
        Assert.Null(read.Details);
    }

    [Fact]
    public async Task Task_force_notice_refuses_a_social_security_number()
    {
        var grain = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        Assert.True((await grain.Create(TaskForce(), Curator)).Succeeded);
        var member = new Actor("member-pii", "Mia Member");
        Assert.True((await grain.SetPerson(new TaskForcePerson(member.UserId, member.DisplayName, TaskForceRole.Member), Curator)).Succeeded);

        var result = await grain.PostNotice("Found her papers, SSN 123-45-6789, at the motel.", member);

        AssertRefusedWith(result, "text", PiiGuard.Message(PiiKind.SocialSecurityNumber, PiiField.TaskForceNotice));
        Assert.Empty((await grain.GetDetails())!.Notices);
    }

    [Fact]
    public async Task Operation_timeline_refuses_a_vehicle_plate()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        Ok(await grain.SetStatus(OperationStatus.Active, Lead));

        var result = await grain.PostTimeline(shelterId, "Youth left in a silver Civic, plate 7CNRY7F.", Advocate);

        AssertRefusedWith(result, "text", PiiGuard.Message(PiiKind.VehiclePlate, PiiField.OperationTimeline));
        Assert.Empty((await grain.GetDetails())!.Timeline);
        Assert.DoesNotContain(await grain.GetHistory(50), c => c.Field == "timeline");
    }

    [Fact]
    public async Task Operation_timeline_takes_ordinary_coordination_text_and_a_hotline()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        Ok(await grain.SetStatus(OperationStatus.Active, Lead));

        Ok(await grain.PostTimeline(shelterId, "3 beds held at 10:30; youth given the National DV Hotline 1-800-799-7233.", Advocate));

        Assert.Single((await grain.GetDetails())!.Timeline);
    }

    [Fact]
    public async Task Standby_request_and_answer_refuse_an_email_and_a_name_with_an_age()
    {
        var (grain, shelterId, _) = await PlannedAsync();
        var request = new StandbyRequest([shelterId], 4, ExpectedAges.MinorsInvolved, ["es"], "Write to jane.doe@example.com first.", "Beds for 4.");

        AssertRefusedWith(await grain.SendStandby("request-1", request, Lead), "safetyRisks", PiiGuard.Message(PiiKind.EmailAddress, PiiField.OperationStandby));
        Assert.Empty((await grain.GetDetails())!.Standby);

        Ok(await grain.SendStandby("request-1", request with { SafetyRisks = "Third parties may be present." }, Lead));
        AssertRefusedWith(
            await grain.AnswerStandby("request-1", shelterId, new StandbyAnswer(StandbyResponse.Yes, 2, "We know Marisol, 15, from last year."), Advocate),
            "note",
            PiiGuard.Message(PiiKind.AgeWithName, PiiField.OperationStandby));
        Assert.Empty((await grain.GetDetails())!.Standby.Single().Replies);
    }

    [Fact]
    public async Task Assignment_refuses_a_phone_number()
    {
        var (grain, _, leadAgencyId) = await PlannedAsync();

        var result = await grain.SetAssignment(new OperationAssignment("transport", leadAgencyId, "Drive the youth home, her mother's cell 559-555-0143", "Sgt. Priya Sandhu", null, WorkStatus.Open), Lead);

        AssertRefusedWith(result, "assignment.task", PiiGuard.Message(PiiKind.PhoneNumber, PiiField.OperationAssignment));
        Assert.Empty((await grain.GetDetails())!.Assignments);
    }

    [Fact]
    public async Task After_action_item_refuses_a_street_address()
    {
        var (grain, _, _) = await PlannedAsync();
        Ok(await grain.SetStatus(OperationStatus.Active, Lead));
        Ok(await grain.SetStatus(OperationStatus.Debrief, Lead));

        var result = await grain.SetReviewItem(new ReviewItem("follow-up", "Check on the girl at 1200 Calle Canario", "Ana Advocate", null, WorkStatus.Open), Lead);

        AssertRefusedWith(result, "item.text", PiiGuard.Message(PiiKind.StreetAddress, PiiField.OperationReviewItem));
        Assert.Empty((await grain.GetDetails())!.ReviewItems);
    }

    private static void AssertRefusedWith(CommandResult result, string field, string message)
    {
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message == message);
        // The message names the kind of data, never the data.
        Assert.DoesNotContain(result.Errors, e => e.Message.Contains("555", StringComparison.Ordinal) || e.Message.Contains("Canary", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("7CNRY7F", StringComparison.Ordinal));
    }

    private async Task<(IOperationGrain Grain, string ShelterId, string LeadAgencyId)> PlannedAsync()
    {
        var taskForceId = NewKey("tf");
        Assert.True((await _grains.GetGrain<ITaskForceGrain>(taskForceId).Create(TaskForce(), Curator)).Succeeded);
        var leadAgencyId = await CreateOrganizationAsync(_grains, Organization("Valley Police"));
        var shelterId = await CreateOrganizationAsync(_grains);
        var start = ClusterFixture.Clock.GetUtcNow().AddDays(3);
        var grain = _grains.GetGrain<IOperationGrain>(NewKey("op"));
        Ok(await grain.Create(
            new OperationPlan(taskForceId, "Motel corridor operation", OperationType.Enforcement, start, start.AddHours(8), [Fresno], "North Fresno motels", null, ShareLocation: false, leadAgencyId),
            Lead));
        Ok(await grain.SetParticipant(new OperationParticipant(shelterId, TaskForceOrganizationRole.VictimServices), Lead));
        return (grain, shelterId, leadAgencyId);
    }
}
