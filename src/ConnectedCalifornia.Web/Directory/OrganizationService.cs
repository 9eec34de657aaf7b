using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.Directory;

/// <summary>
/// What pages and API endpoints do with organizations. Endpoints authorize commands through
/// policies before they get here; reads filter by the caller's visibility tier here, through the
/// same <see cref="NetworkAuthorizer"/>.
/// </summary>
public sealed class OrganizationService(IGrainFactory grains, NetworkAuthorizer authorizer, DirectoryIndex index, TaxonomyCache taxonomy)
{
    public const int MaxPageSize = 100;

    public async Task<OrganizationView?> GetAsync(ClaimsPrincipal user, string organizationId)
    {
        if (!Identifiers.IsValidKey(organizationId))
        {
            return null;
        }

        var details = await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails();
        if (details is null)
        {
            return null;
        }

        var confidential = await authorizer.IsAllowedAsync(user, NetworkAction.ViewOrganizationConfidential, organizationId);
        var tier = confidential ? Visibility.Organization
            : await authorizer.IsAllowedAsync(user, NetworkAction.ViewNetwork) ? Visibility.Network
            : Visibility.Public;
        return details.ToView(tier, includeMembers: confidential, await taxonomy.GetAsync());
    }

    /// <summary>The editable profile, whole with every contact: only for those who may edit it.</summary>
    public async Task<OrganizationProfile?> GetProfileAsync(ClaimsPrincipal user, string organizationId) =>
        Identifiers.IsValidKey(organizationId) && await authorizer.IsAllowedAsync(user, NetworkAction.EditOrganization, organizationId)
            ? (await grains.GetGrain<IOrganizationGrain>(organizationId).GetDetails())?.Profile
            : null;

    /// <summary>The list by name, from this node's directory index (public data only).</summary>
    public async Task<Page<OrganizationListItem>> ListAsync(string? search, string? county, int page, int pageSize)
    {
        var results = await index.SearchAsync(new DirectoryQuery
        {
            Text = search,
            Counties = string.IsNullOrWhiteSpace(county) ? [] : [county],
            Sort = DirectorySort.Name,
            Page = page,
            PageSize = pageSize,
        });
        var items = results.Items.Select(h => new OrganizationListItem(h.Id, h.Name, h.Kind.ToString(), h.Counties, h.Version));
        return new Page<OrganizationListItem>([.. items], page, pageSize, results.TotalItems);
    }

    public Task<CommandResult> CreateAsync(ClaimsPrincipal user, string organizationId, OrganizationProfile profile) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.CreateOrganization, null, () =>
            Identifiers.IsValidKey(organizationId)
                ? grains.GetGrain<IOrganizationGrain>(organizationId).Create(Normalize(profile), user.ToActor())
                : Task.FromResult(CommandResult.Invalid("id", "Use lowercase letters, digits and dashes (at most 80).")));

    /// <summary>
    /// Saves a profile. A curator's edit applies at once; an organization admin's edit of a verified
    /// listing's verified fields waits for a curator (see docs/curation.md).
    /// </summary>
    public Task<CommandResult> UpdateProfileAsync(ClaimsPrincipal user, string organizationId, OrganizationProfile profile) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.EditOrganization, organizationId, async () =>
        {
            var grain = grains.GetGrain<IOrganizationGrain>(organizationId);
            return await authorizer.IsAllowedAsync(user, NetworkAction.ReviewChanges)
                ? await grain.UpdateProfile(Normalize(profile), user.ToActor())
                : await grain.SubmitProfile(Normalize(profile), user.ToActor());
        });

    public Task<CommandResult> SetVerificationAsync(ClaimsPrincipal user, string organizationId, VerificationStatus status) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.VerifyOrganization, organizationId, () =>
            grains.GetGrain<IOrganizationGrain>(organizationId).SetVerification(status, user.ToActor()));

    /// <summary>Changes the role of an existing member; a user id that is not a member is refused (people join by invitation).</summary>
    public Task<CommandResult> ChangeMemberRoleAsync(ClaimsPrincipal user, string organizationId, string memberUserId, OrganizationRole role) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId, () =>
            grains.GetGrain<IOrganizationGrain>(organizationId).ChangeMemberRole(memberUserId, role, user.ToActor()));

    /// <summary>
    /// Invites a person by e-mail address: they become a member only when they accept (see
    /// <see cref="Identity.MemberInvitationService"/>). No account is looked up here, so the answer is the
    /// same whether or not the address has an account; an address without one waits for it.
    /// </summary>
    public Task<CommandResult> InviteMemberAsync(ClaimsPrincipal user, string organizationId, string email, OrganizationRole role) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId, () =>
            grains.GetGrain<IOrganizationGrain>(organizationId).InviteMember(email ?? string.Empty, role, user.ToActor()));

    public Task<CommandResult> RemoveMemberAsync(ClaimsPrincipal user, string organizationId, string memberUserId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId, () =>
            grains.GetGrain<IOrganizationGrain>(organizationId).RemoveMember(memberUserId, user.ToActor()));

    /// <summary>
    /// Requires (or stops requiring) two-factor sign-in for the organization's members. An admin
    /// who has not switched it on for their own account cannot require it: they would lose their
    /// own admin rights at once and could not undo it.
    /// </summary>
    public Task<CommandResult> SetTwoFactorRequiredAsync(ClaimsPrincipal user, string organizationId, bool required) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.RequireTwoFactor, organizationId, () =>
            required && !user.HasTwoFactor() && !user.IsSystemAdmin()
                ? Task.FromResult(CommandResult.Invalid("required", "Switch on two-factor sign-in for your own account first (My account, Two-factor sign-in), then sign in again with a code."))
                : grains.GetGrain<IOrganizationGrain>(organizationId).SetTwoFactorRequired(required, user.ToActor()));

    /// <summary>The change history, for those who may edit the listing (empty for anyone else).</summary>
    public async Task<ImmutableArray<ChangeRecord>> HistoryAsync(ClaimsPrincipal user, string organizationId, int max) =>
        await authorizer.IsAllowedAsync(user, NetworkAction.EditOrganization, organizationId)
            ? await grains.GetGrain<IOrganizationGrain>(organizationId).GetHistory(max)
            : [];

    /// <summary>JSON can leave lists out; the grain gets empty lists instead.</summary>
    public static OrganizationProfile Normalize(OrganizationProfile p) => p with
    {
        Name = p.Name ?? string.Empty,
        Description = p.Description ?? string.Empty,
        Services = OrganizationViewMapping.Safe(p.Services),
        Populations = OrganizationViewMapping.Safe(p.Populations),
        Languages = OrganizationViewMapping.Safe(p.Languages),
        Counties = OrganizationViewMapping.Safe(p.Counties),
        Contacts = OrganizationViewMapping.Safe(p.Contacts),
    };
}
