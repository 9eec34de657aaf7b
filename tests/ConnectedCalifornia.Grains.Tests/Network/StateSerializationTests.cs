using System.Collections.Immutable;
using System.Text.Json;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Initiatives;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Network.Tests;

/// <summary>Stored state is plain JSON (SystemTextJsonGrainStorageSerializer): every field must come back as it went in.</summary>
public sealed class StateSerializationTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 16, 0, 0, TimeSpan.FromHours(-8));
    private static readonly ChangeRecord Change = new(At, "user-1", "Ana Ruiz", "name", "Old", "New");

    private readonly SystemTextJsonGrainStorageSerializer _serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public void Organization_state_round_trips_through_plain_json()
    {
        var state = new OrganizationState
        {
            Profile = Organization() with { Kind = OrganizationKind.LegalAid },
            Verification = VerificationStatus.Verified,
            VerifiedAt = At,
            Members = [new OrganizationMember("user-1", "Ana Ruiz", OrganizationRole.Admin)],
            RequireTwoFactor = true,
            Version = 7,
            CreatedAt = At.AddDays(-1),
            UpdatedAt = At,
            History = [Change],
            MemberInvitations = [new MemberInvitation("inv-1", "ana@example.org", OrganizationRole.Staff, At, "user-2", "Ola Admin")],
        };

        var json = AssertRoundTrips(state);

        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.Contains("\"Name\":\"Fresno Harbor House\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_force_initiative_access_and_catalog_state_round_trip_through_plain_json()
    {
        AssertRoundTrips(new TaskForceState
        {
            Profile = TaskForce(),
            Organizations = [new TaskForceOrganization("kern-da", TaskForceOrganizationRole.Prosecution)],
            People = [new TaskForcePerson("user-2", "Det. Lee", TaskForceRole.Lead)],
            Version = 3,
            CreatedAt = At,
            UpdatedAt = At,
            History = [Change],
        });
        AssertRoundTrips(new InitiativeState
        {
            Profile = Initiative(),
            Organizations = ["kern-da"],
            Goals = [Signatures() with { Progress = 12 }],
            Version = 2,
            UpdatedAt = At,
            History = [Change],
        });
        AssertRoundTrips(new UserAccessState
        {
            Organizations = ImmutableDictionary<string, OrganizationRole>.Empty.Add("kern-da", OrganizationRole.Staff),
            TaskForces = ImmutableDictionary<string, TaskForceRole>.Empty.Add("valley", TaskForceRole.Member),
            Version = 2,
        });
        AssertRoundTrips(new PersonInvitationsState
        {
            Invitations = [new PersonInvitation("kern-da", "inv-1", OrganizationRole.Admin, At, "Ola Admin")],
        });
        AssertRoundTrips(new CatalogState
        {
            Entries = ImmutableDictionary<string, CatalogEntry>.Empty.Add("kern-da", new CatalogEntry("kern-da", "Kern DA", [Kern], "Prosecution", 4)),
        });
    }

    [Fact]
    public void A_state_never_written_reads_as_not_created()
    {
        var state = _serializer.Deserialize<OrganizationState>(BinaryData.FromString("{}"))!;

        Assert.False(state.Exists);
        Assert.Empty(state.Members);
        Assert.Empty(state.History);
    }

    /// <summary>Serializes, reads back and serializes again: both JSON texts must be the same.</summary>
    private string AssertRoundTrips<T>(T state)
    {
        var json = _serializer.Serialize(state).ToString();
        var back = _serializer.Deserialize<T>(BinaryData.FromString(json));
        Assert.Equal(json, _serializer.Serialize(back).ToString());
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(back));
        return json;
    }
}
