using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Identity;

namespace ConnectedCalifornia.Web.TaskForces;

/// <summary>What a lead's "put this organization in" did: changed a member's role, or recorded an invitation.</summary>
public sealed record OrganizationSet(CommandResult Result, bool Invited);

/// <summary>What a curator fills in to form a task force: leads by their accounts' e-mail addresses, lead agencies by organization id.</summary>
public sealed record TaskForceForm(string? Name, string? Description, ImmutableArray<string> Counties, ImmutableArray<string> LeadEmails, ImmutableArray<string> LeadAgencies);

/// <summary>A task force in the list, with whether it is archived.</summary>
public sealed record TaskForceListItem(CatalogEntry Entry, bool Archived);

public sealed class TaskForceService(IGrainFactory grains, ConnectedCalifornia.Web.Authorization.NetworkAuthorizer authorizer, PeopleService people)
{
    /// <summary>The most lead addresses a form takes.</summary>
    public const int MaxLeadEmails = 20;

    /// <summary>The network's organizations by id, with their names (to choose lead agencies).</summary>
    public async Task<ImmutableDictionary<string, string>> OrganizationNamesAsync() =>
        (await grains.GetGrain<ICatalogGrain>(GrainKeys.OrganizationCatalog).List()).ToImmutableDictionary(e => e.Id, e => e.Name);

    /// <summary>The task forces with whether each is archived (a curator's list shows archived ones apart).</summary>
    public async Task<IReadOnlyList<TaskForceListItem>> ListWithStateAsync()
    {
        var entries = await ListAsync();
        var details = await Task.WhenAll(entries.Select(e => grains.GetGrain<ITaskForceGrain>(e.Id).GetDetails()));
        return [.. entries.Select((e, i) => new TaskForceListItem(e, details[i]?.Archived ?? false))];
    }

    /// <summary>
    /// A curator forms a task force: its id is made from its name; leads are found by their accounts'
    /// addresses; lead agencies are invited (each joins when one of its own admins accepts).
    /// </summary>
    public async Task<(CommandResult Result, string? Id)> CreateAsync(ClaimsPrincipal user, TaskForceForm form)
    {
        if (!await authorizer.IsAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.CreateTaskForce))
        {
            return (CommandResult.Forbidden(), null);
        }

        var (leads, errors) = await FindPeopleAsync(form.LeadEmails, "leadEmails");
        var id = Identifiers.Slugify(form.Name ?? string.Empty);
        if (id.Length == 0)
        {
            errors.Add(new FieldError("name", "Name is required (letters or digits)."));
        }

        if (errors.Count > 0)
        {
            return (CommandResult.Invalid(errors), null);
        }

        var formation = new TaskForceFormation(
            new TaskForceProfile(form.Name ?? string.Empty, form.Description ?? string.Empty, Normalize(form.Counties)),
            [.. leads.Select(p => new TaskForcePerson(p.UserId, p.DisplayName, TaskForceRole.Lead))],
            Normalize(form.LeadAgencies));
        var result = await grains.GetGrain<ITaskForceGrain>(id).Form(formation, user.ToActor());
        return (result, result.Succeeded ? id : null);
    }

    /// <summary>A curator edits the name, description and counties served.</summary>
    public Task<CommandResult> UpdateProfileAsync(ClaimsPrincipal user, string taskForceId, TaskForceProfile profile) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.EditTaskForce, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).UpdateProfile(profile, user.ToActor()));

    /// <summary>A curator archives the task force (read-only, kept with its history) or restores it.</summary>
    public Task<CommandResult> SetArchivedAsync(ClaimsPrincipal user, string taskForceId, bool archived) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.EditTaskForce, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).SetArchived(archived, user.ToActor()));

    /// <summary>A curator or lead adds a person by their account's e-mail address, as member or lead (or changes their role).</summary>
    public async Task<CommandResult> AddPersonAsync(ClaimsPrincipal user, string taskForceId, string? email, TaskForceRole? role)
    {
        if (!await authorizer.IsAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForcePeople, taskForceId))
        {
            return CommandResult.Forbidden();
        }

        var (found, errors) = await FindPeopleAsync(string.IsNullOrWhiteSpace(email) ? [] : [email], "email");
        if (found.Count == 0 && errors.Count == 0)
        {
            errors.Add(new FieldError("email", "Enter the e-mail address of the person's account."));
        }

        if (role is not { } chosen || !Enum.IsDefined(chosen))
        {
            errors.Add(new FieldError("role", "Choose Member or Lead."));
        }

        if (errors.Count > 0)
        {
            return CommandResult.Invalid(errors);
        }

        var person = found[0];
        return await grains.GetGrain<ITaskForceGrain>(taskForceId).SetPerson(new TaskForcePerson(person.UserId, person.DisplayName, role!.Value), user.ToActor());
    }

    private async Task<(List<PersonView> People, List<FieldError> Errors)> FindPeopleAsync(ImmutableArray<string> emails, string field)
    {
        var found = new List<PersonView>();
        var errors = new List<FieldError>();
        var addresses = (emails.IsDefault ? [] : emails).Select(e => e?.Trim() ?? string.Empty).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (addresses.Count > MaxLeadEmails)
        {
            errors.Add(new FieldError(field, $"Give at most {MaxLeadEmails} addresses."));
            return (found, errors);
        }

        foreach (var address in addresses)
        {
            if (address.Length > 256 || !System.Net.Mail.MailAddress.TryCreate(address, out _))
            {
                errors.Add(new FieldError(field, $"'{address}' is not an e-mail address."));
            }
            else if (await people.FindByEmailAsync(address) is { } person)
            {
                found.Add(person);
            }
            else
            {
                errors.Add(new FieldError(field, $"No account has the address {address}. A system admin creates the account first (People)."));
            }
        }

        return (found, errors);
    }

    private static ImmutableArray<string> Normalize(ImmutableArray<string> values) => values.IsDefault ? [] : values;

    public Task<TaskForceDetails?> GetAsync(string taskForceId) =>
        Identifiers.IsValidKey(taskForceId) ? grains.GetGrain<ITaskForceGrain>(taskForceId).GetDetails() : Task.FromResult<TaskForceDetails?>(null);

    public async Task<IReadOnlyList<CatalogEntry>> ListAsync() =>
        [.. (await grains.GetGrain<ICatalogGrain>(GrainKeys.TaskForceCatalog).List()).OrderBy(e => e.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// A lead's "put this organization in the task force": the role of an organization that is a member
    /// changes; any other organization is invited instead (<see cref="OrganizationSet.Invited"/>), because an
    /// organization joins only when one of its own admins accepts.
    /// </summary>
    public async Task<OrganizationSet> SetOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization)
    {
        if (!await authorizer.IsAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForce, taskForceId))
        {
            return new OrganizationSet(CommandResult.Forbidden(), Invited: false);
        }

        if (await GetAsync(taskForceId) is not { } details)
        {
            return new OrganizationSet(CommandResult.Missing("Task force"), Invited: false);
        }

        var grain = grains.GetGrain<ITaskForceGrain>(taskForceId);
        return details.Organizations.Any(o => o.OrganizationId == organization.OrganizationId)
            ? new OrganizationSet(await grain.SetOrganization(organization, user.ToActor()), Invited: false)
            : new OrganizationSet(await grain.InviteOrganization(organization, user.ToActor()), Invited: true);
    }

    /// <summary>A curator adds an organization without its acceptance; the reason is required and recorded on both histories.</summary>
    public Task<CommandResult> AddOrganizationAsync(ClaimsPrincipal user, string taskForceId, TaskForceOrganization organization, string? reason) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.AddTaskForceOrganization, taskForceId, () =>
            Identifiers.IsValidKey(taskForceId)
                ? grains.GetGrain<ITaskForceGrain>(taskForceId).AddOrganization(organization, reason ?? string.Empty, user.ToActor())
                : Task.FromResult(CommandResult.Missing("Task force")));

    public Task<CommandResult> RemoveOrganizationAsync(ClaimsPrincipal user, string taskForceId, string organizationId) =>
        Manage(user, taskForceId, () => grains.GetGrain<ITaskForceGrain>(taskForceId).RemoveOrganization(organizationId, user.ToActor()));

    public Task<CommandResult> SetPersonAsync(ClaimsPrincipal user, string taskForceId, TaskForcePerson person) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForcePeople, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).SetPerson(person, user.ToActor()));

    public Task<CommandResult> RemovePersonAsync(ClaimsPrincipal user, string taskForceId, string userId) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForcePeople, taskForceId, () =>
            grains.GetGrain<ITaskForceGrain>(taskForceId).RemovePerson(userId, user.ToActor()));

    /// <summary>Shares a notice with the task force: anyone who may see it asks; the grain lets only its people post.</summary>
    public Task<CommandResult> PostNoticeAsync(ClaimsPrincipal user, string taskForceId, string? text) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ViewTaskForce, taskForceId,
            () => grains.GetGrain<ITaskForceGrain>(taskForceId).PostNotice(text ?? string.Empty, user.ToActor()));

    private Task<CommandResult> Manage(ClaimsPrincipal user, string taskForceId, Func<Task<CommandResult>> command) =>
        authorizer.WhenAllowedAsync(user, ConnectedCalifornia.Web.Authorization.NetworkAction.ManageTaskForce, taskForceId, command);
}
