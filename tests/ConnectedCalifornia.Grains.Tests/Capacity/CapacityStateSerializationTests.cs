using System.Text.Json;
using ConnectedCalifornia.Directory;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace ConnectedCalifornia.Capacity.Tests;

/// <summary>The bed board's stored state is plain JSON (SystemTextJsonGrainStorageSerializer): every field must come back as it went in.</summary>
public sealed class CapacityStateSerializationTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 16, 0, 0, TimeSpan.Zero);

    private readonly SystemTextJsonGrainStorageSerializer _serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public void Site_capacity_state_with_holds_round_trips_through_plain_json()
    {
        var hold = new CapacityHold("h1", CapacityCategories.AdultWomen, "kern-legal-aid", At, At.AddHours(2), "staff-7", "Ana Ruiz");
        var json = AssertRoundTrips(new SiteCapacityState
        {
            OrganizationId = "harbor-house",
            Name = "Harbor House Main",
            County = "06019",
            Confidential = true,
            PublicId = "site-0123",
            Categories = [new CategoryCount(CapacityCategories.AdultWomen, 10, 3, At), new CategoryCount(CapacityCategories.Minors, 2, 0, null)],
            Holds = [hold],
            ClosedHolds = [hold with { HoldId = "h0", Status = HoldStatus.Converted, ClosedAt = At, ReferenceId = "referral-1" }],
            Version = 5,
            CreatedAt = At,
            UpdatedAt = At,
            History = [new ChangeRecord(At, "staff-7", "Ana Ruiz", "adult-women.available", "4", "3")],
        });

        Assert.Contains("\"ExpiresAt\":\"2026-03-02T18:00:00+00:00\"", json, StringComparison.Ordinal);
        Assert.False(_serializer.Deserialize<SiteCapacityState>(BinaryData.FromString("{}"))!.Exists);
    }

    [Fact]
    public void Capacity_index_state_round_trips_through_plain_json()
    {
        var row = new CapacitySiteRow(
            "harbor-house--main", "harbor-house", "Harbor House Main", "06019", false, "site-0123",
            [new CategoryCapacity(CapacityCategories.Families, 4, 1, 2, At, false)], 2, At.AddHours(2), 9, At);

        AssertRoundTrips(new CapacityIndexState { Sites = System.Collections.Immutable.ImmutableDictionary<string, CapacitySiteRow>.Empty.Add(row.SiteId, row) });
    }

    private string AssertRoundTrips<T>(T state)
    {
        var json = _serializer.Serialize(state).ToString();
        var back = _serializer.Deserialize<T>(BinaryData.FromString(json));
        Assert.Equal(json, _serializer.Serialize(back).ToString());
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(back));
        return json;
    }
}
