using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Identity;
using ConnectedCalifornia.Web.Network;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>An open invitation of one of the person's organizations to a task force.</summary>
public sealed record InvitationView(string TaskForceId, string TaskForceName, string OrganizationId, string OrganizationName, TaskForceOrganizationRole Role);

/// <summary>
/// Task-force leads invite organizations; an invited organization's admins accept or decline.
/// Both sides are authorized by the <see cref="NetworkAuthorizer"/> (ManageTaskForce, ManageOrganizationMembers).
/// </summary>
public sealed class TaskForceInvitationService(IGrainFactory grains, NetworkAuthorizer authorizer)
{
    public Task<CommandResult> InviteAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization invitation) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageTaskForce, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).InviteOrganization(invitation, user.ToActor()));

    public async Task<CommandResult> AnswerAsync(ClaimsPrincipal user, string organizationId, string taskForceId, bool accept)
    {
        if (!await authorizer.IsAllowedAsync(user, NetworkAction.ManageOrganizationMembers, organizationId))
        {
            return CommandResult.Forbidden();
        }

        return Identifiers.IsValidKey(taskForceId)
            ? await grains.GetGrain<ITaskForceGrain>(taskForceId).AnswerInvitation(organizationId, accept, user.ToActor())
            : CommandResult.Missing("Task force");
    }

    /// <summary>Open invitations of the organizations this person administers.</summary>
    public async Task<ImmutableArray<InvitationView>> PendingAsync(ClaimsPrincipal user)
    {
        if (user.UserId() is null)
        {
            return [];
        }

        var access = await authorizer.GetAccessAsync(user);
        var admin = user.IsSystemAdmin();
        if (!admin && !access.Organizations.Values.Contains(OrganizationRole.Admin))
        {
            return []; // only organization admins answer invitations: no task force needs reading
        }

        var names = (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToDictionary(e => e.Id, e => e.Name);
        var result = ImmutableArray.CreateBuilder<InvitationView>();
        foreach (var entry in await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List())
        {
            if (await grains.GetGrain<ITaskForceGrain>(entry.Id).GetDetails() is not { } details)
            {
                continue;
            }

            foreach (var invitation in details.Invitations.Where(i => admin || access.IsAdminOf(i.OrganizationId)))
            {
                result.Add(new InvitationView(entry.Id, entry.Name, invitation.OrganizationId, names.GetValueOrDefault(invitation.OrganizationId, invitation.OrganizationId), invitation.Role));
            }
        }

        return result.ToImmutable();
    }
}

/// <summary>The invitation endpoints (mapped with the operations feature).</summary>
public static class TaskForceInvitationsApi
{
    public sealed record InviteRequest(TaskForceOrganizationRole Role);

    public sealed record AnswerRequest(bool Accept);

    public static IEndpointRouteBuilder MapTaskForceInvitationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/task-forces/{taskForceId}/invitations/{organizationId}", InviteAsync).WithTags("Task forces")
            .WithName("InviteTaskForceOrganization").RequireNetwork(NetworkAction.ManageTaskForce)
            .WithSummary("Invites an organization with a role; it joins when one of its admins accepts.");
        app.MapPut("/api/organizations/{organizationId}/task-force-invitations/{taskForceId}", AnswerAsync).WithTags("Task forces")
            .WithName("AnswerTaskForceInvitation").RequireNetwork(NetworkAction.ManageOrganizationMembers)
            .WithSummary("The invited organization's admins accept ({ \"accept\": true }) or decline.");
        app.MapGet("/api/me/task-force-invitations", async (TaskForceInvitationService service, HttpContext http) => TypedResults.Ok(await service.PendingAsync(http.User)))
            .WithTags("Task forces").WithName("ListMyTaskForceInvitations").RequireNetwork(NetworkAction.SignedIn);
        return app;
    }

    private static async Task<IResult> InviteAsync(TaskForceInvitationService service, HttpContext http, string taskForceId, string organizationId, InviteRequest request) =>
        Enum.IsDefined(request.Role)
            ? ApiResults.From(await service.InviteAsync(http.User, taskForceId, new TaskForceOrganization(organizationId, request.Role)))
            : ApiResults.Invalid("role", "Role must be LeadAgency, LawEnforcement, Prosecution, VictimServices, ChildWelfare or Other.");

    private static async Task<IResult> AnswerAsync(TaskForceInvitationService service, HttpContext http, string organizationId, string taskForceId, AnswerRequest request) =>
        ApiResults.From(await service.AnswerAsync(http.User, organizationId, taskForceId, request.Accept));
}
