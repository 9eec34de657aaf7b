using ConnectedCalifornia.Network;
using ConnectedCalifornia.Testing;
using Orleans.Core.Internal;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CapacityHoldTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    private async Task<(ISiteCapacityGrain Site, string Holder)> SiteWithBedsAsync(int available, string county = Fresno)
    {
        var site = await DefineSiteAsync(_grains, county);
        AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, available, Staff));
        return (site, await CreateOrganizationAsync(_grains, Organization("Kern Legal Aid")));
    }

    [Fact]
    public async Task A_hold_takes_a_bed_at_once_and_gives_it_back_after_two_hours()
    {
        var (site, holder) = await SiteWithBedsAsync(3);
        var placedAt = ClusterFixture.Clock.GetUtcNow();

        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);

        Assert.True(hold.Succeeded);
        Assert.Equal(placedAt + TimeSpan.FromHours(2), hold.ExpiresAt);
        var held = await site.GetSnapshot();
        Assert.Equal((2, 1), (held.Category(CapacityCategories.AdultWomen).Available, held.Category(CapacityCategories.AdultWomen).Held));
        Assert.Equal((hold.HoldId, holder, HoldStatus.Active), (held!.ActiveHolds.Single().HoldId, held.ActiveHolds.Single().HolderOrganizationId, held.ActiveHolds.Single().Status));

        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).Held);
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(1));

        var released = await site.GetSnapshot();
        Assert.Equal((3, 0), (released.Category(CapacityCategories.AdultWomen).Available, released.Category(CapacityCategories.AdultWomen).Held));
        Assert.Empty(released!.ActiveHolds);
        var expired = await site.GetHold(hold.HoldId!);
        Assert.Equal((HoldStatus.Expired, hold.ExpiresAt), (expired!.Status, expired.ClosedAt));
        var record = (await site.GetHistory(5)).First(r => r.Field == "holds");
        Assert.Equal(Actor.System.UserId, record.ActorId);

        // Releasing a hold that expired succeeds and changes nothing.
        var version = released.Version;
        var again = await site.ReleaseHold(hold.HoldId!, Staff);
        Assert.Equal((true, version), (again.Succeeded, again.Version));
    }

    [Fact]
    public async Task A_hold_can_last_as_asked_within_the_limit()
    {
        var (site, holder) = await SiteWithBedsAsync(2);
        var now = ClusterFixture.Clock.GetUtcNow();

        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, TimeSpan.FromMinutes(30), purpose: CapacityTestData.Purpose);

        Assert.Equal(now + TimeSpan.FromMinutes(30), hold.ExpiresAt);
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, TimeSpan.FromDays(2), purpose: CapacityTestData.Purpose)).Result, "duration");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, TimeSpan.Zero, purpose: CapacityTestData.Purpose)).Result, "duration");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, NewKey("org"), Staff, purpose: CapacityTestData.Purpose)).Result, "holderOrganizationId");
        AssertRefused((await site.PlaceHold(CapacityCategories.Minors, holder, Staff, purpose: CapacityTestData.Purpose)).Result, "category");
        AssertRefused((await site.PlaceHold(CapacityCategories.Families, holder, Staff, purpose: CapacityTestData.Purpose)).Result, "category"); // none available
        Assert.Equal(1, (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).Available);
    }

    [Fact]
    public async Task Fifty_people_racing_for_the_last_bed_get_exactly_one_hold()
    {
        var (site, holder) = await SiteWithBedsAsync(1);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            site.PlaceHold(CapacityCategories.AdultWomen, holder, new Actor($"staff-{i}", $"Staff {i}"), purpose: CapacityTestData.Purpose)));

        var winner = Assert.Single(attempts, a => a.Succeeded);
        Assert.All(attempts.Where(a => !a.Succeeded), a => AssertRefused(a.Result, "category"));
        var snapshot = await site.GetSnapshot();
        var adults = snapshot.Category(CapacityCategories.AdultWomen);
        Assert.Equal((0, 1, 10), (adults.Available, adults.Held, adults.Total));
        Assert.Equal(winner.HoldId, Assert.Single(snapshot!.ActiveHolds).HoldId);
        Assert.Equal(3, snapshot.Version); // defined, posted, held: the refusals wrote nothing

        var row = (await _grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex).GetSites(Fresno)).Single(r => r.SiteId == site.Id());
        Assert.Equal((0, 1, 1), (row.Categories[0].Available, row.Categories[0].Held, row.ActiveHolds));
    }

    [Fact]
    public async Task Releasing_gives_the_bed_back_once()
    {
        var (site, holder) = await SiteWithBedsAsync(2);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);

        var released = await site.ReleaseHold(hold.HoldId!, Staff);
        var again = await site.ReleaseHold(hold.HoldId!, Staff);

        var adults = (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen);
        Assert.Equal((2, 0), (adults.Available, adults.Held));
        Assert.Equal(4, released.Version);
        Assert.Equal((true, 4L), (again.Succeeded, again.Version));
        Assert.Equal(HoldStatus.Released, (await site.GetHold(hold.HoldId!))!.Status);
        Assert.True((await site.ReleaseHold("no-such-hold", Staff)).NotFound);
        AssertRefused(await site.ConvertHold(hold.HoldId!, "referral-1", Staff), "holdId");
    }

    [Fact]
    public async Task Converting_makes_the_bed_occupied_and_is_idempotent()
    {
        var (site, holder) = await SiteWithBedsAsync(2);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);

        var converted = await site.ConvertHold(hold.HoldId!, "referral-42", Staff);
        var again = await site.ConvertHold(hold.HoldId!, "referral-42", Staff);

        var adults = (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen);
        Assert.Equal((1, 0, 10), (adults.Available, adults.Held, adults.Total));
        Assert.Equal((true, converted.Version), (again.Succeeded, again.Version));
        var closed = await site.GetHold(hold.HoldId!);
        Assert.Equal((HoldStatus.Converted, "referral-42"), (closed!.Status, closed.ReferenceId));
        AssertRefused(await site.ConvertHold(hold.HoldId!, "referral-43", Staff), "holdId");
        AssertRefused(await site.ReleaseHold(hold.HoldId!, Staff), "holdId");
        AssertRefused(await site.ConvertHold(hold.HoldId!, " ", Staff), "referenceId");

        // A hold that expired cannot become a placement any more.
        var late = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(3));
        AssertRefused(await site.ConvertHold(late.HoldId!, "referral-44", Staff), "holdId");
        Assert.Equal(1, (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).Available);
    }

    [Fact]
    public async Task Expired_holds_of_a_site_nobody_calls_are_released_by_the_index_sweep()
    {
        var (site, holder) = await SiteWithBedsAsync(2, Kern);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);
        var index = _grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);

        // As after a restart: the site is not active, so neither its timer nor a read releases the hold.
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await index.GetSites(Kern)).Single(r => r.SiteId == site.Id()).ActiveHolds);

        var sweep = await index.SweepExpiredHolds();

        Assert.True(sweep.SitesChecked >= 1 && sweep.HoldsReleased >= 1, $"The sweep checked {sweep.SitesChecked} sites and released {sweep.HoldsReleased} holds.");
        Assert.Equal(0, sweep.Failures);
        var row = (await index.GetSites(Kern)).Single(r => r.SiteId == site.Id());
        Assert.Equal((0, null, 2, 0), (row.ActiveHolds, row.NextHoldExpiry, row.Categories[0].Available, row.Categories[0].Held));
        Assert.Equal(HoldStatus.Expired, (await site.GetHold(hold.HoldId!))!.Status);
    }

    [Fact]
    public async Task A_site_reactivated_after_expiry_releases_its_holds_before_it_answers()
    {
        var (site, holder) = await SiteWithBedsAsync(1);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        ClusterFixture.Clock.Advance(TimeSpan.FromHours(2));

        var second = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: CapacityTestData.Purpose);

        Assert.True(second.Succeeded);
        Assert.Equal(HoldStatus.Expired, (await site.GetHold(hold.HoldId!))!.Status);
        Assert.Equal((0, 1), ((await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).Available, (await site.GetSnapshot()).Category(CapacityCategories.AdultWomen).Held));
    }
}
