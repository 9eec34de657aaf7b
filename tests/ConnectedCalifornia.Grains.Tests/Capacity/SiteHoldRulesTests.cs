using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Testing;
using static ConnectedCalifornia.Capacity.Tests.CapacityTestData;
using static ConnectedCalifornia.Testing.TestData;

namespace ConnectedCalifornia.Capacity.Tests;

/// <summary>Who may hold a bed of a site, and why (issue 15): a purpose always, and a holder near the site unless a referral or operation placed it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiteHoldRulesTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Client;

    /// <summary>A site in Los Angeles County with 3 women's beds, and a holder that serves only Fresno and Kern.</summary>
    private async Task<(ISiteCapacityGrain Site, string Holder)> FarSiteAsync()
    {
        var site = await DefineSiteAsync(_grains, LosAngeles);
        AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, 3, Staff));
        return (site, await CreateOrganizationAsync(_grains, Organization("Kern Legal Aid")));
    }

    [Fact]
    public async Task A_direct_hold_by_an_organization_outside_the_sites_county_and_task_forces_is_refused_and_changes_nothing()
    {
        var (site, holder) = await FarSiteAsync();
        var before = await site.GetSnapshot();

        var refused = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: Purpose);

        AssertRefused(refused.Result, "holderOrganizationId");
        Assert.Contains("Los Angeles County", refused.Result.Errors.Single().Message, StringComparison.Ordinal);
        var after = await site.GetSnapshot();
        Assert.Equal(before!.Version, after!.Version);
        Assert.Empty(after.ActiveHolds);
        Assert.Equal(3, after.Categories.Single(c => c.Category == CapacityCategories.AdultWomen).Available);
    }

    [Fact]
    public async Task A_shared_task_force_lets_an_organization_from_another_county_hold_directly()
    {
        var (site, holder) = await FarSiteAsync();
        var siteOrganization = (await site.GetSnapshot())!.OrganizationId;
        var taskForce = _grains.GetGrain<ITaskForceGrain>(NewKey("tf"));
        AssertSucceeded(await taskForce.Create(TaskForce(), Curator));
        AssertSucceeded(await taskForce.AddOrganization(new TaskForceOrganization(siteOrganization, TaskForceOrganizationRole.VictimServices), "Signed the memorandum", Curator));
        AssertSucceeded(await taskForce.AddOrganization(new TaskForceOrganization(holder, TaskForceOrganizationRole.VictimServices), "Signed the memorandum", Curator));

        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: Purpose);

        Assert.True(hold.Succeeded, string.Join("; ", hold.Result.Errors.Select(e => e.Message)));
        var stored = Assert.Single((await site.GetSnapshot())!.ActiveHolds);
        Assert.Equal((holder, Purpose.Reason, HoldBasis.Direct), (stored.HolderOrganizationId, stored.Purpose, stored.Basis));
    }

    [Theory]
    [InlineData(HoldBasis.Referral, "rf-7k3q9m2d4x")]
    [InlineData(HoldBasis.Operation, "raid-night-4f2a")]
    public async Task A_referral_or_a_task_force_operation_justifies_a_hold_from_outside_and_is_stored_with_it(HoldBasis basis, string reference)
    {
        var (site, holder) = await FarSiteAsync();

        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: new HoldPurpose("A bed for a referral", basis, reference));

        Assert.True(hold.Succeeded, string.Join("; ", hold.Result.Errors.Select(e => e.Message)));
        var stored = Assert.Single((await site.GetSnapshot())!.ActiveHolds);
        Assert.Equal((basis, reference), (stored.Basis, stored.BasisReference));
    }

    [Fact]
    public async Task A_hold_without_a_purpose_or_with_a_persons_details_in_it_is_refused()
    {
        var site = await DefineSiteAsync(_grains);
        AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, 3, Staff));
        var holder = await CreateOrganizationAsync(_grains);

        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff)).Result, "purpose");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: new HoldPurpose("   "))).Result, "purpose");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: new HoldPurpose("Call her at (559) 555-0199"))).Result, "purpose");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: new HoldPurpose(new string('x', 301)))).Result, "purpose");

        Assert.Empty((await site.GetSnapshot())!.ActiveHolds);
    }

    [Fact]
    public async Task A_site_is_retired_only_without_active_holds_then_leaves_the_index_and_refuses_counts_until_defined_again()
    {
        var site = await DefineSiteAsync(_grains);
        AssertSucceeded(await site.PostCount(CapacityCategories.AdultWomen, 3, Staff));
        var holder = await CreateOrganizationAsync(_grains);
        var hold = await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: Purpose);
        var index = _grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);
        var siteId = site.GetPrimaryKeyString();

        AssertRefused(await site.Retire(Staff), "holds");
        Assert.NotNull(await index.GetSite(siteId));

        AssertSucceeded(await site.ReleaseHold(hold.HoldId!, Staff));
        AssertSucceeded(await site.Retire(Staff));

        Assert.True((await site.GetSnapshot())!.Retired);
        Assert.Null(await index.GetSite(siteId));
        AssertRefused(await site.PostCount(CapacityCategories.AdultWomen, 2, Staff), "siteId");
        AssertRefused((await site.PlaceHold(CapacityCategories.AdultWomen, holder, Staff, purpose: Purpose)).Result, "siteId");
        Assert.Contains(await site.GetHistory(5), c => c.Field == "retired" && c.NewValue == "true");

        var organizationId = (await site.GetSnapshot())!.OrganizationId;
        AssertSucceeded(await site.Define(Definition(organizationId), Staff));
        Assert.False((await site.GetSnapshot())!.Retired);
        Assert.NotNull(await index.GetSite(siteId));
    }
}
