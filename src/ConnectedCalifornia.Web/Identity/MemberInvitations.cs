using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Identity;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Identity;

namespace ConnectedCalifornia.Web.Identity;

/// <summary>An invitation the signed-in person may answer.</summary>
public sealed record MyInvitationView(string OrganizationId, string OrganizationName, OrganizationRole Role, DateTimeOffset InvitedAt, string InvitedByName);

/// <summary>
/// Member invitations: an organization's admins invite a person by e-mail address (<see cref="Directory.OrganizationService.InviteMemberAsync"/>);
/// the person sees the invitation when signed in with an account of that address and accepts or declines it.
/// The address is the account's own (accounts are created by system admins with their address confirmed), so
/// only its owner answers. Invitations are in-app for now; an e-mail notification can later send the same
/// invitation to its address.
/// </summary>
public sealed class MemberInvitationService(IGrainFactory grains, NetworkAuthorizer authorizer, UserManager<ApplicationUser> users)
{
    /// <summary>The open invitations addressed to the signed-in person's e-mail address.</summary>
    public async Task<ImmutableArray<MyInvitationView>> MineAsync(ClaimsPrincipal user)
    {
        if (await ConfirmedEmailAsync(user) is not { } email)
        {
            return [];
        }

        var invitations = await grains.GetGrain<IPersonInvitationsGrain>(PersonInvitations.KeyOf(email)).Get();
        if (invitations.IsEmpty)
        {
            return [];
        }

        var names = (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToDictionary(e => e.Id, e => e.Name);
        return [.. invitations.Select(i => new MyInvitationView(i.OrganizationId, names.GetValueOrDefault(i.OrganizationId, i.OrganizationId), i.Role, i.InvitedAt, i.InvitedByName))];
    }

    /// <summary>The person accepts (and becomes a member with the invited role) or declines; the organization checks the invitation is theirs.</summary>
    public async Task<CommandResult> AnswerAsync(ClaimsPrincipal user, string organizationId, bool accept)
    {
        if (user.UserId() is null)
        {
            return CommandResult.Forbidden();
        }

        if (!Identifiers.IsValidKey(organizationId))
        {
            return CommandResult.Missing("Organization");
        }

        return await ConfirmedEmailAsync(user) is { } email
            ? await grains.GetGrain<IOrganizationGrain>(organizationId).AnswerMemberInvitation(email, accept, user.ToActor())
            : CommandResult.Invalid("organizationId", "There is no open invitation of this organization for you.");
    }

    /// <summary>An organization's open invitations, for its admins; null for anyone else.</summary>
    public async Task<ImmutableArray<MemberInvitation>?> OpenAsync(ClaimsPrincipal user, string organizationId) =>
        Identifiers.IsValidKey(organizationId) && await authorizer.IsAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId)
            ? await grains.GetGrain<IOrganizationGrain>(organizationId).GetMemberInvitations()
            : null;

    /// <summary>An admin withdraws an open invitation.</summary>
    public Task<CommandResult> CancelAsync(ClaimsPrincipal user, string organizationId, string invitationId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId, () =>
            grains.GetGrain<IOrganizationGrain>(organizationId).CancelMemberInvitation(invitationId ?? string.Empty, user.ToActor()));

    private async Task<string?> ConfirmedEmailAsync(ClaimsPrincipal user) =>
        user.UserId() is { } userId && await users.FindByIdAsync(userId) is { EmailConfirmed: true, Email: { Length: > 0 } email } ? email : null;
}

public static class MemberInvitationsApi
{
    public sealed record AnswerRequest(bool Accept);

    public static IEndpointRouteBuilder MapMemberInvitationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me/invitations", async (MemberInvitationService service, HttpContext http) => TypedResults.Ok(await service.MineAsync(http.User)))
            .WithTags("My network").WithName("ListMyMemberInvitations").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("The organizations that invited the signed-in person (by their account's e-mail address) and wait for an answer.");
        app.MapPut("/api/me/invitations/{organizationId}", async (MemberInvitationService service, HttpContext http, string organizationId, AnswerRequest request) =>
                ApiResults.From(await service.AnswerAsync(http.User, organizationId, request.Accept)))
            .WithTags("My network").WithName("AnswerMemberInvitation").RequireNetwork(NetworkAction.SignedIn)
            .WithSummary("Accepts ({ \"accept\": true }: you become a member with the invited role) or declines an organization's invitation.");
        app.MapGet("/api/organizations/{organizationId}/member-invitations", async (MemberInvitationService service, HttpContext http, string organizationId) =>
                await service.OpenAsync(http.User, organizationId) is { } open ? Results.Ok(open) : Results.NotFound())
            .WithTags("Organizations").WithName("ListMemberInvitations").RequireNetwork(NetworkAction.ManageOrganizationMembers)
            .WithSummary("The organization's open member invitations (its admins).");
        app.MapDelete("/api/organizations/{organizationId}/member-invitations/{invitationId}", async (MemberInvitationService service, HttpContext http, string organizationId, string invitationId) =>
                ApiResults.From(await service.CancelAsync(http.User, organizationId, invitationId)))
            .WithTags("Organizations").WithName("WithdrawMemberInvitation").RequireNetwork(NetworkAction.ManageOrganizationMembers)
            .WithSummary("Withdraws an open member invitation (its admins).");
        return app;
    }
}
