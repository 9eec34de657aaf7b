using System.Collections.Immutable;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.TaskForces;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace ConnectedCalifornia.Operations.Tests;

/// <summary>An operation's stored state is plain JSON: every part must come back as it went in.</summary>
public sealed class OperationStateSerializationTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private readonly SystemTextJsonGrainStorageSerializer _serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public void A_full_operation_round_trips_through_plain_json()
    {
        var request = new StandbyRequest(["harbor-house"], 6, ExpectedAges.MinorsInvolved, ["en", "es"], "Risks", "Two beds");
        var state = new OperationState
        {
            Plan = new OperationPlan("tf", "Thursday", OperationType.Outreach, At, At.AddHours(6), ["06019"], "North Fresno", "Room 12", false, "valley-pd"),
            Status = OperationStatus.Debrief,
            Participants = [new OperationParticipant("valley-pd", TaskForceOrganizationRole.LeadAgency), new OperationParticipant("harbor-house", TaskForceOrganizationRole.VictimServices)],
            Assignments = [new OperationAssignment("a1", "valley-pd", "Perimeter", "Lt. Ortiz", At, WorkStatus.Done)],
            Standby = [new StandbyRecord("s1", request, At, At.AddHours(6), At, "Sgt. Lee", [new StandbyReply("harbor-house", new StandbyAnswer(StandbyResponse.Partial, 2, "note"), At, "Ana")])],
            Holds = [new OperationHold("harbor-house--main", "h1", "minors", "harbor-house", At, At.AddHours(6), Released: true)],
            Timeline = [new TimelineEntry(1, At, "valley-pd", "Sgt. Lee", "Teams in position")],
            ReferralIds = ["referral-1"],
            ReviewItems = [new ReviewItem("r1", "Radio channel", "Sgt. Lee", null, WorkStatus.InProgress)],
            Outcome = new OperationOutcome(7, ImmutableDictionary<string, int>.Empty.Add("shelter-housing", 3)),
            Warnings = ImmutableDictionary<string, DeconflictionWarning>.Empty.Add("other-op", new DeconflictionWarning("other-pd", "Other PD", "Desk: 555", At)),
            Version = 9,
            CreatedAt = At,
            UpdatedAt = At,
            History = [new ChangeRecord(At, "lead-1", "Sgt. Lee", "status", "Active", "Debrief")],
        };

        var json = _serializer.Serialize(state).ToString();
        var back = _serializer.Deserialize<OperationState>(BinaryData.FromString(json))!;

        Assert.Equal(json, _serializer.Serialize(back).ToString());
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(back));
        Assert.Equal(3, back.Outcome!.ServicesUsed["shelter-housing"]);
        Assert.Equal("Other PD", back.Warnings["other-op"].LeadAgencyName);
        Assert.False(_serializer.Deserialize<OperationState>(BinaryData.FromString("{}"))!.Exists);
    }
}
