using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Capacity;

/// <summary>
/// What the bed board's pages and API endpoints do with capacity. Commands are authorized by
/// policies before they get here (the route's <c>{siteId}</c>); reads filter each site through the
/// same <see cref="NetworkAuthorizer"/>, and anything public is an aggregate or a row reduced with
/// <see cref="CapacitySiteRow.ForPublic"/>.
/// </summary>
public sealed class CapacityService(IGrainFactory grains, NetworkAuthorizer authorizer)
{
    private ICapacityIndexGrain Index => grains.GetGrain<ICapacityIndexGrain>(GrainKeys.CapacityIndex);

    /// <summary>Per county and category totals of the state (public).</summary>
    public Task<StatewideCapacitySummary> GetStatewideAsync() => Index.GetStatewideSummary();

    /// <summary>Per category totals of one county (public); null for a code that is not a California county.</summary>
    public async Task<CountyCapacitySummary?> GetCountyAsync(string fips) =>
        California.IsCounty(fips) ? await Index.GetCountySummary(fips) : null;

    /// <summary>
    /// The sites of a county as this person may see them: whole for sites they may view, reduced to
    /// "a confidential shelter in X County" with its counts for the others. Nothing for anyone who
    /// may not view the network (the public sees county aggregates only), whatever page calls this.
    /// </summary>
    public async Task<ImmutableArray<SiteBoardRow>> GetCountySitesAsync(ClaimsPrincipal user, string fips)
    {
        if (!California.IsCounty(fips) || !await authorizer.IsAllowedAsync(user, NetworkAction.ViewNetwork))
        {
            return [];
        }

        var rows = await Index.GetSites(fips);
        var result = ImmutableArray.CreateBuilder<SiteBoardRow>(rows.Length);
        foreach (var row in rows.OrderBy(r => r.Confidential).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            var permissions = await authorizer.SitePermissionsAsync(user, row);
            result.Add(SiteBoardRow.From(permissions.View ? row : row.ForPublic(), permissions, restricted: !permissions.View));
        }

        return result.MoveToImmutable();
    }

    /// <summary>One site with its counts; its holds only for its organization and for the holders' own organizations.</summary>
    public async Task<SiteCapacityView?> GetSiteAsync(ClaimsPrincipal user, string siteId)
    {
        if (!Identifiers.IsValidKey(siteId) || await grains.GetGrain<ISiteCapacityGrain>(siteId).GetSnapshot() is not { } snapshot)
        {
            return null;
        }

        var row = ToRow(snapshot);
        var permissions = await authorizer.SitePermissionsAsync(user, row);
        if (!permissions.View)
        {
            return null;
        }

        var access = await authorizer.GetAccessAsync(user);
        var ownOrganization = user.IsSystemAdmin() || access.IsMemberOf(snapshot.OrganizationId);
        var shown = snapshot.ActiveHolds
            .Where(h => h.Status == HoldStatus.Active && (ownOrganization || access.IsMemberOf(h.HolderOrganizationId)))
            .ToList();
        var names = await OrganizationNamesAsync();
        var holds = shown.Select(h => new HoldView(
            h.HoldId, h.Category, h.HolderOrganizationId, names.GetValueOrDefault(h.HolderOrganizationId, h.HolderOrganizationId),
            h.PlacedAt, h.ExpiresAt, h.PlacedByName, h.Purpose, h.Basis, h.BasisReference));
        return new SiteCapacityView(
            snapshot.SiteId,
            snapshot.OrganizationId,
            snapshot.Name,
            snapshot.County,
            California.NameOf(snapshot.County),
            snapshot.Confidential,
            [.. snapshot.Categories.OrderBy(c => CapacityCategories.OrderOf(c.Category))],
            [.. holds],
            snapshot.Version,
            snapshot.UpdatedAt,
            permissions);
    }

    /// <summary>Defines (or updates) a site for the organization that owns its id.</summary>
    public async Task<CommandResult> DefineAsync(ClaimsPrincipal user, string siteId, SiteDefinitionRequest request)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.DefineSite, siteId))
        {
            return CommandResult.Forbidden();
        }

        if (await authorizer.SiteOwnerAsync(siteId) is not { } owner)
        {
            return CommandResult.Invalid("siteId", "A new site's id is its organization's id, two dashes and a name, such as bright-orchard-youth-shelter--main.");
        }

        var definition = new SiteDefinition(
            owner,
            request.Name ?? string.Empty,
            request.County ?? string.Empty,
            request.Confidential,
            [.. (request.Categories ?? []).Select(c => c is null ? null! : new CategoryDefinition(c.Category ?? string.Empty, c.Total))]); // a null entry is refused by the grain, naming it
        return await grains.GetGrain<ISiteCapacityGrain>(siteId).Define(definition, user.ToActor());
    }

    public Task<CommandResult> PostCountAsync(ClaimsPrincipal user, string siteId, string category, int available) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.PostCapacity, siteId, () =>
            grains.GetGrain<ISiteCapacityGrain>(siteId).PostCount(category, available, user.ToActor()));

    /// <summary>
    /// Holds one bed for <paramref name="holderOrganizationId"/>, which must be an organization the
    /// person belongs to (a system admin may name any).
    /// </summary>
    public async Task<HoldResult> PlaceHoldAsync(ClaimsPrincipal user, string siteId, string category, string holderOrganizationId, int? minutes, string? purpose)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.HoldCapacity, siteId))
        {
            return new HoldResult(CommandResult.Forbidden());
        }

        if (!user.IsSystemAdmin() && !(await authorizer.GetAccessAsync(user)).IsMemberOf(holderOrganizationId ?? string.Empty))
        {
            return new HoldResult(CommandResult.Invalid("holderOrganizationId", "Hold for an organization you belong to."));
        }

        if (minutes is < 1 or > 24 * 60)
        {
            return new HoldResult(CommandResult.Invalid("minutes", "A hold lasts between 1 minute and 24 hours."));
        }

        TimeSpan? duration = minutes is { } m ? TimeSpan.FromMinutes(m) : null;
        // A person's hold is always direct: only the referral and operation grains place holds on their own basis.
        return await grains.GetGrain<ISiteCapacityGrain>(siteId).PlaceHold(
            category ?? string.Empty, holderOrganizationId!, user.ToActor(), duration, new HoldPurpose(purpose ?? string.Empty));
    }

    /// <summary>Retires a site (off every board, no counts or holds): for admins of its organization.</summary>
    public Task<CommandResult> RetireAsync(ClaimsPrincipal user, string siteId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.DefineSite, siteId, () =>
            grains.GetGrain<ISiteCapacityGrain>(siteId).Retire(user.ToActor()));

    /// <summary>
    /// The sites of one organization for its admins' sites page, with every active hold (who holds
    /// what and why); null for anyone who may not manage the organization's sites.
    /// </summary>
    public async Task<ImmutableArray<SiteCapacityView>?> SitesOfAsync(ClaimsPrincipal user, string organizationId)
    {
        if (!Identifiers.IsValidKey(organizationId) || !await authorizer.IsAllowedAsync(user, NetworkAction.ManageSites, organizationId))
        {
            return null;
        }

        var rows = await Index.GetSitesOf([organizationId]);
        var views = ImmutableArray.CreateBuilder<SiteCapacityView>(rows.Length);
        foreach (var row in rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (await GetSiteAsync(user, row.SiteId) is { } view)
            {
                views.Add(view);
            }
        }

        return views.ToImmutable();
    }

    /// <summary>Organization names by id, for holders shown as words rather than ids.</summary>
    private async Task<Dictionary<string, string>> OrganizationNamesAsync() =>
        (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);

    /// <summary>Releases a hold: for the holder's organization and the site's own organization.</summary>
    public async Task<HoldCommand> ReleaseHoldAsync(ClaimsPrincipal user, string siteId, string holdId)
    {
        var site = grains.GetGrain<ISiteCapacityGrain>(siteId);
        if (await MayCloseAsync(user, site, holdId) is { } refused)
        {
            return refused;
        }

        return new HoldCommand(await site.ReleaseHold(holdId, user.ToActor()), Forbidden: false);
    }

    /// <summary>Turns a hold into a placement linked to a reference (a referral): for the holder's organization and the site's own.</summary>
    public async Task<HoldCommand> ConvertHoldAsync(ClaimsPrincipal user, string siteId, string holdId, string referenceId)
    {
        var site = grains.GetGrain<ISiteCapacityGrain>(siteId);
        if (await MayCloseAsync(user, site, holdId) is { } refused)
        {
            return refused;
        }

        return new HoldCommand(await site.ConvertHold(holdId, referenceId ?? string.Empty, user.ToActor()), Forbidden: false);
    }

    /// <summary>The organizations this person may name as the holder of a bed.</summary>
    public async Task<ImmutableArray<OrganizationChoice>> HolderChoicesAsync(ClaimsPrincipal user)
    {
        var access = await authorizer.GetAccessAsync(user);
        var entries = await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List();
        return [.. entries.Where(e => access.IsMemberOf(e.Id)).Select(e => new OrganizationChoice(e.Id, e.Name)).OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// The sites of organizations this person administers whose counts are stale (or never
    /// posted): the nudge to refresh them.
    /// </summary>
    public async Task<ImmutableArray<CapacitySiteRow>> StaleSitesToRefreshAsync(ClaimsPrincipal user, string? siteId = null)
    {
        if (user.UserId() is null)
        {
            return [];
        }

        var access = await authorizer.GetAccessAsync(user);
        var admin = access.Organizations.Where(o => o.Value == OrganizationRole.Admin).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        if (admin.Count == 0)
        {
            return [];
        }

        var rows = siteId is null
            ? await Index.GetSitesOf([.. admin])
            : await Index.GetSite(siteId) is { } site && admin.Contains(site.OrganizationId) ? [site] : [];
        return [.. rows.Where(r => r.Categories.Any(c => c.IsStale))];
    }

    private async Task<HoldCommand?> MayCloseAsync(ClaimsPrincipal user, ISiteCapacityGrain site, string holdId)
    {
        if (string.IsNullOrWhiteSpace(holdId) || holdId.Length > 100)
        {
            return new HoldCommand(CommandResult.Invalid("holdId", "The hold's id is required."), Forbidden: false);
        }

        var snapshot = await site.GetSnapshot();
        var hold = snapshot is null ? null : await site.GetHold(holdId.Trim());
        if (snapshot is null || hold is null)
        {
            return new HoldCommand(CommandResult.Missing(snapshot is null ? "Site" : "Hold"), Forbidden: false);
        }

        if (user.IsSystemAdmin())
        {
            return null;
        }

        var access = await authorizer.GetAccessAsync(user);
        return access.IsMemberOf(hold.HolderOrganizationId) || access.IsMemberOf(snapshot.OrganizationId)
            ? null
            : new HoldCommand(CommandResult.Invalid("holdId", "Only the holding organization or the site's own organization can release or convert this hold."), Forbidden: true);
    }

    private static CapacitySiteRow ToRow(SiteCapacitySnapshot s) =>
        new(s.SiteId, s.OrganizationId, s.Name, s.County, s.Confidential, s.PublicId, s.Categories, s.ActiveHolds.Length, null, s.Version, s.UpdatedAt);
}

/// <summary>The outcome of a release or convert: the grain's answer, or a refusal because the person may not close this hold.</summary>
public sealed record HoldCommand(CommandResult Result, bool Forbidden);

public sealed record OrganizationChoice(string Id, string Name);

/// <summary>A category and its total, as a site definition request carries it.</summary>
public sealed record CategoryTotalRequest(string? Category, int Total);

/// <summary>A site's definition as the API takes it; the owning organization comes from the site's id.</summary>
public sealed record SiteDefinitionRequest(string? Name, string? County, bool Confidential, IReadOnlyList<CategoryTotalRequest>? Categories);

/// <summary>An active hold as its site's organization and its holder see it: who holds it, for what, and on what basis.</summary>
public sealed record HoldView(
    string HoldId,
    string Category,
    string HolderOrganizationId,
    string HolderName,
    DateTimeOffset PlacedAt,
    DateTimeOffset ExpiresAt,
    string PlacedByName,
    string? Purpose,
    HoldBasis Basis,
    string? BasisReference)
{
    /// <summary>The basis in words: "Direct hold", "Referral", "Task-force operation".</summary>
    public string BasisLabel => Basis switch
    {
        HoldBasis.Referral => "Referral",
        HoldBasis.Operation => "Task-force operation",
        _ => "Direct hold",
    };

    /// <summary>Whether <see cref="Purpose"/> was written by the network (an operation's hold), not typed by a person: a page says it in its own language.</summary>
    public bool PurposeIsNetworkText => Basis == HoldBasis.Operation;
}

/// <summary>One site with counts and (filtered) holds, and what the caller may do with it.</summary>
public sealed record SiteCapacityView(
    string SiteId,
    string OrganizationId,
    string Name,
    string County,
    string CountyName,
    bool Confidential,
    ImmutableArray<CategoryCapacity> Categories,
    ImmutableArray<HoldView> Holds,
    long Version,
    DateTimeOffset UpdatedAt,
    SitePermissions Permissions)
{
    public bool HasStale => Categories.Any(c => c.IsStale);
}

/// <summary>
/// One site on a county board. <see cref="Restricted"/> rows are confidential sites the person may
/// not see: their id is the public id, without organization or name.
/// </summary>
public sealed record SiteBoardRow(
    string SiteId,
    string OrganizationId,
    string Name,
    bool Confidential,
    bool Restricted,
    ImmutableArray<CategoryCapacity> Categories,
    int ActiveHolds,
    long Version,
    DateTimeOffset UpdatedAt,
    SitePermissions Permissions)
{
    public static SiteBoardRow From(CapacitySiteRow row, SitePermissions permissions, bool restricted) =>
        new(row.SiteId, row.OrganizationId, row.Name, row.Confidential, restricted,
            [.. row.Categories.OrderBy(c => CapacityCategories.OrderOf(c.Category))], row.ActiveHolds, row.Version, row.UpdatedAt,
            restricted ? SitePermissions.None : permissions);
}
