using System.Collections.Immutable;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Authorization;
using ConnectedCalifornia.Web.Network;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConnectedCalifornia.Web.TaskForces;

public static class TaskForcesApi
{
    public sealed record OrganizationRequest(TaskForceOrganizationRole Role);

    /// <summary>A curator's direct addition: the role and why the organization is added without its acceptance.</summary>
    public sealed record DirectAdditionRequest(TaskForceOrganizationRole Role, string? Reason);

    /// <summary>The answer when a lead's request became an invitation (202).</summary>
    public sealed record InvitationRecorded(string TaskForceId, string OrganizationId, TaskForceOrganizationRole Role, long Version, string Message);

    public sealed record PersonRequest(string DisplayName, TaskForceRole Role);

    /// <summary>A new task force: name, description, counties (FIPS), leads by their accounts' e-mail addresses, lead agencies (invited).</summary>
    public sealed record CreateRequest(string? Name, string? Description, ImmutableArray<string> Counties, ImmutableArray<string> LeadEmails, ImmutableArray<string> LeadAgencies);

    public sealed record TaskForceCreated(string Id, long Version);

    public sealed record ProfileRequest(string? Name, string? Description, ImmutableArray<string> Counties);

    public sealed record ArchiveRequest(bool Archived);

    /// <summary>A person to add by their account's e-mail address; the role is required (Member or Lead).</summary>
    public sealed record AddPersonRequest(string? Email, TaskForceRole? Role);

    public static IEndpointRouteBuilder MapTaskForcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/task-forces").WithTags("Task forces");
        api.MapGet("/", async (TaskForceService service) => TypedResults.Ok(await service.ListAsync()))
            .WithName("ListTaskForces").RequireNetwork(NetworkAction.ViewNetwork);
        api.MapGet("/{taskForceId}", GetAsync).WithName("GetTaskForce").RequireNetwork(NetworkAction.ViewTaskForce);
        api.MapPost("/", CreateAsync).WithName("CreateTaskForce").Produces<TaskForceCreated>(StatusCodes.Status201Created).RequireNetwork(NetworkAction.CreateTaskForce)
            .WithSummary("Curators form a task force: { name, description, counties, leadEmails, leadAgencies } (at least one lead; lead agencies are invited and join when their admins accept).");
        api.MapPut("/{taskForceId}", UpdateProfileAsync).WithName("UpdateTaskForce").RequireNetwork(NetworkAction.EditTaskForce)
            .WithSummary("Curators edit the name, description and counties served.");
        api.MapPut("/{taskForceId}/archived", SetArchivedAsync).WithName("ArchiveTaskForce").RequireNetwork(NetworkAction.EditTaskForce)
            .WithSummary("Curators archive ({ \"archived\": true }) or restore a task force; an archived one keeps its history and changes nothing.");
        api.MapPost("/{taskForceId}/people", AddPersonAsync).WithName("AddTaskForcePerson").RequireNetwork(NetworkAction.ManageTaskForcePeople)
            .WithSummary("Curators and leads add a person by their account's address: { \"email\": \"...\", \"role\": \"Member\" | \"Lead\" }.");
        api.MapPut("/{taskForceId}/organizations/{organizationId}", SetOrganizationAsync).WithName("SetTaskForceOrganization").RequireNetwork(NetworkAction.ManageTaskForce)
            .WithSummary("Changes a member organization's role; for any other organization it records an invitation (202): the organization joins when one of its own admins accepts.");
        api.MapPut("/{taskForceId}/organizations/{organizationId}/direct", AddOrganizationAsync).WithName("AddTaskForceOrganizationDirectly").RequireNetwork(NetworkAction.AddTaskForceOrganization)
            .WithSummary("A curator adds an organization without its acceptance: { \"role\": \"VictimServices\", \"reason\": \"...\" } (reason required, recorded on the task force's and the organization's histories).");
        api.MapDelete("/{taskForceId}/organizations/{organizationId}", RemoveOrganizationAsync).WithName("RemoveTaskForceOrganization").RequireNetwork(NetworkAction.ManageTaskForce);
        api.MapPut("/{taskForceId}/people/{userId}", SetPersonAsync).WithName("SetTaskForcePerson").RequireNetwork(NetworkAction.ManageTaskForcePeople);
        api.MapDelete("/{taskForceId}/people/{userId}", RemovePersonAsync).WithName("RemoveTaskForcePerson").RequireNetwork(NetworkAction.ManageTaskForcePeople);
        api.MapPost("/{taskForceId}/notices", PostNoticeAsync).WithName("PostTaskForceNotice").RequireNetwork(NetworkAction.ViewTaskForce)
            .WithSummary("Shares a notice with the task force's people: { \"text\": \"...\" } (1–1000 characters, no survivor names); only its members and leads may post.");
        return app;
    }

    private static async Task<Results<Ok<TaskForceDetails>, NotFound>> GetAsync(TaskForceService service, string taskForceId) =>
        await service.GetAsync(taskForceId) is { } details ? TypedResults.Ok(details) : TypedResults.NotFound();

    private static async Task<IResult> CreateAsync(TaskForceService service, HttpContext http, CreateRequest request)
    {
        var (result, id) = await service.CreateAsync(http.User, new TaskForceForm(request.Name, request.Description, request.Counties, request.LeadEmails, request.LeadAgencies));
        return result.Succeeded ? TypedResults.Created($"/api/task-forces/{id}", new TaskForceCreated(id!, result.Version)) : ApiResults.From(result);
    }

    private static async Task<IResult> UpdateProfileAsync(TaskForceService service, HttpContext http, string taskForceId, ProfileRequest request) =>
        ApiResults.From(await service.UpdateProfileAsync(http.User, taskForceId, new TaskForceProfile(request.Name ?? string.Empty, request.Description ?? string.Empty, request.Counties.IsDefault ? [] : request.Counties)));

    private static async Task<IResult> SetArchivedAsync(TaskForceService service, HttpContext http, string taskForceId, ArchiveRequest request) =>
        ApiResults.From(await service.SetArchivedAsync(http.User, taskForceId, request.Archived));

    private static async Task<IResult> AddPersonAsync(TaskForceService service, HttpContext http, string taskForceId, AddPersonRequest request) =>
        ApiResults.From(await service.AddPersonAsync(http.User, taskForceId, request.Email, request.Role));

    private const string RoleProblem = "Role must be LeadAgency, LawEnforcement, Prosecution, VictimServices, ChildWelfare or Other.";

    private static async Task<IResult> SetOrganizationAsync(TaskForceService service, HttpContext http, string taskForceId, string organizationId, OrganizationRequest request)
    {
        if (!Enum.IsDefined(request.Role))
        {
            return ApiResults.Invalid("role", RoleProblem);
        }

        var (result, invited) = await service.SetOrganizationAsync(http.User, taskForceId, new TaskForceOrganization(organizationId, request.Role));
        return invited && result.Succeeded
            ? TypedResults.Accepted(
                $"/api/task-forces/{taskForceId}",
                new InvitationRecorded(taskForceId, organizationId, request.Role, result.Version, "Invitation recorded: the organization joins when one of its own admins accepts."))
            : ApiResults.From(result);
    }

    private static async Task<IResult> AddOrganizationAsync(TaskForceService service, HttpContext http, string taskForceId, string organizationId, DirectAdditionRequest request) =>
        Enum.IsDefined(request.Role)
            ? ApiResults.From(await service.AddOrganizationAsync(http.User, taskForceId, new TaskForceOrganization(organizationId, request.Role), request.Reason))
            : ApiResults.Invalid("role", RoleProblem);

    private static async Task<IResult> RemoveOrganizationAsync(TaskForceService service, HttpContext http, string taskForceId, string organizationId) =>
        ApiResults.From(await service.RemoveOrganizationAsync(http.User, taskForceId, organizationId));

    private static async Task<IResult> SetPersonAsync(TaskForceService service, HttpContext http, string taskForceId, string userId, PersonRequest request) =>
        Enum.IsDefined(request.Role)
            ? ApiResults.From(await service.SetPersonAsync(http.User, taskForceId, new TaskForcePerson(userId, request.DisplayName ?? string.Empty, request.Role)))
            : ApiResults.Invalid("role", "Role must be Member or Lead.");

    private static async Task<IResult> PostNoticeAsync(TaskForceService service, HttpContext http, string taskForceId, NoticeRequest request) =>
        ApiResults.From(await service.PostNoticeAsync(http.User, taskForceId, request.Text));

    public sealed record NoticeRequest(string? Text);

    private static async Task<IResult> RemovePersonAsync(TaskForceService service, HttpContext http, string taskForceId, string userId) =>
        ApiResults.From(await service.RemovePersonAsync(http.User, taskForceId, userId));
}
