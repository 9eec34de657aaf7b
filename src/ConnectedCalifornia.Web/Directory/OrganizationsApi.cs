using System.Collections.Immutable;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Web.Directory.Curation;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.Directory;

public static class OrganizationsApi
{
    public sealed record CreateOrganizationRequest(string Id, OrganizationProfile Profile);

    public sealed record VerificationRequest(VerificationStatus Status);

    /// <summary>A member's new role (the name is the member's own and is not changed here).</summary>
    public sealed record MemberRequest(string? DisplayName, OrganizationRole Role);

    public sealed record TwoFactorRequest(bool Required);

    public sealed record AddMemberRequest(string Email, OrganizationRole Role);

    /// <summary>The answer to an invitation by e-mail: the same whether or not the address has an account.</summary>
    public sealed record MemberInvitationRecorded(long Version, string Message);

    public const string InvitationRecordedMessage =
        "Invitation recorded. The person sees it when they sign in with this address, and becomes a member when they accept.";

    /// <summary>A saved profile: the new version, and the verified fields that wait for a curator (empty when everything applied).</summary>
    public sealed record ProfileSaved(long Version, ImmutableArray<string> WaitingForReview);

    public static IEndpointRouteBuilder MapOrganizationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/organizations").WithTags("Organizations");

        api.MapGet("/", ListAsync).WithName("ListOrganizations").AllowAnonymous()
            .WithSummary("Lists the network's organizations and agencies, paged, by name.");
        api.MapGet("/{organizationId}", GetAsync).WithName("GetOrganization").AllowAnonymous()
            .WithSummary("One organization, with the contacts the caller may see.");
        api.MapPost("/", CreateAsync).WithName("CreateOrganization").RequireNetwork(NetworkAction.CreateOrganization);
        api.MapPut("/{organizationId}/profile", UpdateProfileAsync).WithName("UpdateOrganizationProfile").RequireNetwork(NetworkAction.EditOrganization);
        api.MapPut("/{organizationId}/verification", SetVerificationAsync).WithName("SetOrganizationVerification").RequireNetwork(NetworkAction.VerifyOrganization);
        api.MapPost("/{organizationId}/members", AddMemberByEmailAsync).WithName("AddOrganizationMemberByEmail").RequireNetwork(NetworkAction.ManageOrganizationMembers)
            .WithSummary("Invites the person with this e-mail address as staff or admin (202): they become a member when they accept. The answer is the same whether or not the address has an account.");
        api.MapPut("/{organizationId}/members/{userId}", SetMemberAsync).WithName("SetOrganizationMember").RequireNetwork(NetworkAction.ManageOrganizationMembers)
            .WithSummary("Changes an existing member's role; a user id that is not a member is refused.");
        api.MapDelete("/{organizationId}/members/{userId}", RemoveMemberAsync).WithName("RemoveOrganizationMember").RequireNetwork(NetworkAction.ManageOrganizationMembers);
        api.MapPut("/{organizationId}/two-factor", SetTwoFactorAsync).WithName("SetOrganizationTwoFactor").RequireNetwork(NetworkAction.RequireTwoFactor);
        api.MapGet("/{organizationId}/history", HistoryAsync).WithName("GetOrganizationHistory").RequireNetwork(NetworkAction.EditOrganization);
        return app;
    }

    private static async Task<Results<Ok<Page<OrganizationListItem>>, ValidationProblem>> ListAsync(
        OrganizationService service, string? search, string? county, int page = 1, int pageSize = 20)
    {
        if (ApiResults.CheckPaging(page, pageSize, OrganizationService.MaxPageSize) is { } invalid)
        {
            return invalid;
        }

        if (search is { Length: > 200 })
        {
            return ApiResults.Invalid("search", "Search text can be at most 200 characters.");
        }

        if (county is not null && !California.IsCounty(county))
        {
            return ApiResults.Invalid("county", "County must be a California FIPS code such as 06019 (Fresno).");
        }

        return TypedResults.Ok(await service.ListAsync(search, county, page, pageSize));
    }

    private static async Task<Results<Ok<OrganizationView>, NotFound>> GetAsync(
        OrganizationService service, HttpContext http, string organizationId) =>
        await service.GetAsync(http.User, organizationId) is { } view ? TypedResults.Ok(view) : TypedResults.NotFound();

    private static async Task<IResult> CreateAsync(OrganizationService service, HttpContext http, CreateOrganizationRequest request) =>
        request.Profile is null
            ? ApiResults.Invalid("profile", "A profile is required.")
            : ApiResults.From(await service.CreateAsync(http.User, request.Id ?? string.Empty, request.Profile));

    private static async Task<IResult> UpdateProfileAsync(
        OrganizationService service, CurationService curation, HttpContext http, string organizationId, OrganizationProfile profile)
    {
        var result = await service.UpdateProfileAsync(http.User, organizationId, profile);
        if (!result.Succeeded)
        {
            return ApiResults.From(result);
        }

        var review = await curation.ReviewAsync(http.User, organizationId);
        return TypedResults.Ok(new ProfileSaved(result.Version, [.. review?.Open?.Fields.Select(f => f.Field) ?? []]));
    }

    private static async Task<IResult> SetVerificationAsync(OrganizationService service, HttpContext http, string organizationId, VerificationRequest request) =>
        Enum.IsDefined(request.Status)
            ? ApiResults.From(await service.SetVerificationAsync(http.User, organizationId, request.Status))
            : ApiResults.Invalid("status", "Status must be Unverified, Pending, Verified or Suspended.");

    private static async Task<IResult> SetMemberAsync(OrganizationService service, HttpContext http, string organizationId, string userId, MemberRequest request) =>
        Enum.IsDefined(request.Role)
            ? ApiResults.From(await service.ChangeMemberRoleAsync(http.User, organizationId, userId, request.Role))
            : ApiResults.Invalid("role", "Role must be Staff or Admin.");

    private static async Task<IResult> AddMemberByEmailAsync(OrganizationService service, HttpContext http, string organizationId, AddMemberRequest request)
    {
        if (!Enum.IsDefined(request.Role))
        {
            return ApiResults.Invalid("role", "Role must be Staff or Admin.");
        }

        var result = await service.InviteMemberAsync(http.User, organizationId, request.Email ?? string.Empty, request.Role);
        return result.Succeeded
            ? TypedResults.Accepted($"/api/organizations/{organizationId}/member-invitations", new MemberInvitationRecorded(result.Version, InvitationRecordedMessage))
            : ApiResults.From(result);
    }

    private static async Task<IResult> RemoveMemberAsync(OrganizationService service, HttpContext http, string organizationId, string userId) =>
        ApiResults.From(await service.RemoveMemberAsync(http.User, organizationId, userId));

    private static async Task<IResult> SetTwoFactorAsync(OrganizationService service, HttpContext http, string organizationId, TwoFactorRequest request) =>
        ApiResults.From(await service.SetTwoFactorRequiredAsync(http.User, organizationId, request.Required));

    private static async Task<IResult> HistoryAsync(OrganizationService service, HttpContext http, string organizationId, int max = 50) =>
        max is < 1 or > 200
            ? ApiResults.Invalid("max", "Max must be between 1 and 200.")
            : TypedResults.Ok(await service.HistoryAsync(http.User, organizationId, max));
}
