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

/// <summary>One task force an organization is in, or is invited to.</summary>
public sealed record OrganizationTaskForceView(string TaskForceId, string TaskForceName, TaskForceOrganizationRole Role, bool Member);

/// <summary>
/// Task-force leads invite organizations; an invited organization's admins accept or decline, see the
/// organization's task forces and leave one. Both sides are authorized by the <see cref="NetworkAuthorizer"/>
/// (ManageTaskForce; ManageOrganizationTaskForces, keyed on the organization).
/// </summary>
public sealed class TaskForceInvitationService(IGrainFactory grains, NetworkAuthorizer authorizer)
{
    public Task<CommandResult> InviteAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization invitation) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageTaskForce, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).InviteOrganization(invitation, user.ToActor()));

    /// <summary>A lead of this task force withdraws an open invitation before the organization answers it.</summary>
    public Task<CommandResult> WithdrawAsync(ClaimsPrincipal user, string taskForceId, string organizationId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageTaskForce, taskForceId, () =>
            Identifiers.IsValidKey(organizationId)
                ? grains.GetGrain<ITaskForceGrain>(taskForceId).WithdrawInvitation(organizationId, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Organization")));

    /// <summary>Only the invited organization's own admins (or a system admin) answer for it.</summary>
    public Task<CommandResult> AnswerAsync(ClaimsPrincipal user, string organizationId, string taskForceId, bool accept) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationTaskForces, organizationId, () =>
            Identifiers.IsValidKey(taskForceId)
                ? grains.GetGrain<ITaskForceGrain>(taskForceId).AnswerInvitation(organizationId, accept, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Task force")));

    /// <summary>The organization leaves a task force on its own (one of its admins).</summary>
    public Task<CommandResult> LeaveAsync(ClaimsPrincipal user, string organizationId, string taskForceId) =>
        authorizer.WhenAllowedAsync(user, NetworkAction.ManageOrganizationTaskForces, organizationId, () =>
            Identifiers.IsValidKey(taskForceId)
                ? grains.GetGrain<ITaskForceGrain>(taskForceId).Leave(organizationId, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Task force")));

    /// <summary>The task forces this organization is in or invited to, for its admins; null for anyone else.</summary>
    public async Task<ImmutableArray<OrganizationTaskForceView>?> OrganizationTaskForcesAsync(ClaimsPrincipal user, string organizationId)
    {
        if (!Identifiers.IsValidKey(organizationId) || !await authorizer.IsAllowedAsync(user, NetworkAction.ManageOrganizationTaskForces, organizationId))
        {
            return null;
        }

        var result = ImmutableArray.CreateBuilder<OrganizationTaskForceView>();
        foreach (var entry in await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List())
        {
            if (await grains.GetGrain<ITaskForceGrain>(entry.Id).GetDetails() is not { } details)
            {
                continue;
            }

            if (details.Organizations.FirstOrDefault(o => o.OrganizationId == organizationId) is { } member)
            {
                result.Add(new OrganizationTaskForceView(entry.Id, entry.Name, member.Role, Member: true));
            }
            else if (details.Invitations.FirstOrDefault(i => i.OrganizationId == organizationId) is { } invitation)
            {
                result.Add(new OrganizationTaskForceView(entry.Id, entry.Name, invitation.Role, Member: false));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>The organizations whose task-force invitations this person answers (the ones they administer).</summary>
    public async Task<ImmutableArray<string>> AnsweredOrganizationsAsync(ClaimsPrincipal user) =>
        user.UserId() is null ? [] : [.. (await authorizer.GetAccessAsync(user)).Organizations.Where(o => o.Value == OrganizationRole.Admin).Select(o => o.Key)];

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
        app.MapDelete("/api/task-forces/{taskForceId}/invitations/{organizationId}", async (TaskForceInvitationService service, HttpContext http, string taskForceId, string organizationId) =>
                ApiResults.From(await service.WithdrawAsync(http.User, taskForceId, organizationId)))
            .WithTags("Task forces").WithName("WithdrawTaskForceInvitation").RequireNetwork(NetworkAction.ManageTaskForce)
            .WithSummary("Withdraws an open invitation before the organization answers it (task-force leads); recorded on both histories.");
        app.MapPut("/api/organizations/{organizationId}/task-force-invitations/{taskForceId}", AnswerAsync).WithTags("Task forces")
            .WithName("AnswerTaskForceInvitation").RequireNetwork(NetworkAction.ManageOrganizationTaskForces)
            .WithSummary("The invited organization's admins accept ({ \"accept\": true }) or decline.");
        app.MapGet("/api/organizations/{organizationId}/task-forces", async (TaskForceInvitationService service, HttpContext http, string organizationId) =>
                await service.OrganizationTaskForcesAsync(http.User, organizationId) is { } list ? Results.Ok(list) : Results.NotFound())
            .WithTags("Task forces").WithName("ListOrganizationTaskForces").RequireNetwork(NetworkAction.ManageOrganizationTaskForces)
            .WithSummary("The task forces the organization is in or invited to (its admins).");
        app.MapDelete("/api/organizations/{organizationId}/task-forces/{taskForceId}", async (TaskForceInvitationService service, HttpContext http, string organizationId, string taskForceId) =>
                ApiResults.From(await service.LeaveAsync(http.User, organizationId, taskForceId)))
            .WithTags("Task forces").WithName("LeaveTaskForce").RequireNetwork(NetworkAction.ManageOrganizationTaskForces)
            .WithSummary("The organization leaves the task force on its own (its admins); recorded on both histories.");
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
