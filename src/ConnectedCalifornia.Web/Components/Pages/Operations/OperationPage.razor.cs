using System.Collections.Immutable;
using System.Security.Claims;
using ConnectedCalifornia.Capacity;
using ConnectedCalifornia.Directory;
using ConnectedCalifornia.Network;
using ConnectedCalifornia.Operations;
using ConnectedCalifornia.TaskForces;
using ConnectedCalifornia.Web.Capacity;
using ConnectedCalifornia.Web.Components.Shared;
using ConnectedCalifornia.Web.Directory;
using ConnectedCalifornia.Web.Live;
using ConnectedCalifornia.Web.Operations;
using ConnectedCalifornia.Web.TaskForces;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace ConnectedCalifornia.Web.Components.Pages.Operations;

/// <summary>
/// One operation, live: every change anyone makes (a standby answer, a timeline entry, a held bed)
/// arrives on <c>operation:&lt;id&gt;</c> and the page reads the operation again with the viewer's own authorization.
/// </summary>
public sealed partial class OperationPage
{
    /// <summary>The services an operation's summary counts, with the curators' current labels (a retired one is no longer offered).</summary>
    private static readonly ImmutableArray<string> OutcomeServiceCodes =
        ["shelter-housing", "case-management", "mental-health", "legal-aid", "medical", "immigration-relief"];

    // The curators' current vocabularies: the standby languages and the summary's services.
    private TaxonomyView _taxonomy = TaxonomyView.Seed;

    private IEnumerable<VocabularyTerm> OutcomeServices =>
        _taxonomy.Active(Vocabulary.Services).Where(t => OutcomeServiceCodes.Contains(t.Code));

    private OperationView? _op;
    private bool _loaded;
    private bool _busy;
    private ClaimsPrincipal _user = new();
    private ImmutableDictionary<string, string> _names = ImmutableDictionary<string, string>.Empty;
    private List<(string Id, string Name)> _candidates = [];
    private Dictionary<string, string> _siteNames = [];
    private List<(string Key, string Label)> _holdOptions = [];
    private string _holdChoice = string.Empty;
    private string _holdOrg = string.Empty;
    private bool _holdOrgChosen;
    private IReadOnlyList<FieldError> _statusErrors = [];
    private IReadOnlyList<FieldError> _timelineErrors = [];
    private IReadOnlyList<FieldError> _holdErrors = [];
    private string _timelineOrg = string.Empty;
    private string _timelineText = string.Empty;
    private readonly Dictionary<string, AnswerForm> _answers = [];
    private StandbyForm _standby = new();
    private ItemForm _assignment = new();
    private ItemForm _review = new();
    private OutcomeForm _outcome = new();
    private ParticipantForm _participant = new();
    private TaskForceDetails? _taskForce;
    private bool _editingPlan;

    [Parameter]
    public string OperationId { get; set; } = string.Empty;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject]
    private OperationService Service { get; set; } = default!;

    [Inject]
    private TaxonomyCache Taxonomies { get; set; } = default!;

    [Inject]
    private TaskForceService TaskForces { get; set; } = default!;

    [Inject]
    private CapacityService Capacity { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _user = (await AuthenticationState).User;
        _taxonomy = await Taxonomies.GetAsync();
        _names = await Service.OrganizationNamesAsync();
        await LoadAsync();
        _loaded = true;
        if (_op is not null)
        {
            Follow([Topics.Operation(OperationId)]);
        }
    }

    protected override Task ReloadStateAsync() => LoadAsync();

    protected override async Task OnAnnouncementAsync(AnnouncementMessage message)
    {
        if (message.Version > (_op?.Version ?? 0))
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _op = await Service.GetAsync(_user, OperationId);
        if (_op is null)
        {
            return;
        }

        if (!_op.Permissions.MyOrganizations.Contains(_timelineOrg))
        {
            _timelineOrg = _op.Permissions.MyOrganizations.FirstOrDefault() ?? string.Empty;
        }

        if (_op.Permissions.Manage && await TaskForces.GetAsync(_op.TaskForceId) is { } taskForce)
        {
            // Only victim-service organizations (by their category) are asked to stand by.
            _taskForce = taskForce;
            _candidates = [.. (await Service.VictimServiceOrganizationsAsync(taskForce)).Select(o => (o.Id, o.Name))];
        }

        if (_assignment.Organization.Length == 0)
        {
            _assignment.Organization = _op.Participants.FirstOrDefault()?.OrganizationId ?? string.Empty;
        }

        if (_outcome.Services.Count == 0 && _op.Summary.Recorded is false)
        {
            _outcome.People = 0;
        }

        await LoadHoldOptionsAsync(_op);
    }

    private async Task LoadHoldOptionsAsync(OperationView op)
    {
        _holdOptions = [];
        if (op.Status == OperationStatus.Closed || (!op.Permissions.Manage && op.Permissions.MyOrganizations.IsEmpty))
        {
            return;
        }

        foreach (var county in op.Counties)
        {
            foreach (var site in await Capacity.GetCountySitesAsync(_user, county))
            {
                _siteNames[site.SiteId] = site.Name;
                if (!site.Permissions.Hold)
                {
                    continue;
                }

                foreach (var category in site.Categories.Where(c => c.AvailableNow > 0 && CapacityCategories.IsBed(c.Category)))
                {
                    _holdOptions.Add(($"{site.SiteId}|{category.Category}", T["{0} — {1} ({2} available)", site.Name, T[CapacityCategories.LabelOf(category.Category)], category.AvailableNow]));
                }
            }
        }

        if (!_holdOptions.Any(o => o.Key == _holdChoice))
        {
            _holdChoice = _holdOptions.FirstOrDefault().Key ?? string.Empty;
        }

        var holders = op.Participants.Where(p => op.Permissions.Manage || op.Permissions.MyOrganizations.Contains(p.OrganizationId)).Select(p => p.OrganizationId).ToList();
        if (!_holdOrgChosen)
        {
            _holdOrg = holders.FirstOrDefault(h => op.Participants.Any(p => p.OrganizationId == h && p.Role == TaskForceOrganizationRole.VictimServices))
                ?? holders.FirstOrDefault() ?? string.Empty;
        }
    }

    private string Name(string organizationId) => _names.GetValueOrDefault(organizationId, organizationId);

    private string SiteName(string siteId) => _siteNames.TryGetValue(siteId, out var name) ? name : T["a site"];

    private static string CapacityCategoriesLabel(string category) => CapacityCategories.LabelOf(category);

    private static string BoardTime(DateTimeOffset at) => ConnectedCalifornia.Web.Capacity.BoardTime.Short(at, DateTimeOffset.UtcNow);

    private static string NextStatusLabel(OperationStatus status) => status switch
    {
        OperationStatus.Planning => "Start the operation (active)",
        OperationStatus.Active => "End the operation: move to debrief",
        _ => "Close the operation (releases held beds)",
    };

    private AnswerForm AnswerFor(string requestId, string organizationId)
    {
        var key = requestId + "|" + organizationId;
        if (!_answers.TryGetValue(key, out var form))
        {
            form = new AnswerForm();
            _answers[key] = form;
        }

        return form;
    }

    private static void Toggle(HashSet<string> set, string value, ChangeEventArgs e)
    {
        if (e.Value is true)
        {
            set.Add(value);
        }
        else
        {
            set.Remove(value);
        }
    }

    private async Task<CommandResult> RunAsync(Func<Task<CommandResult>> command)
    {
        _busy = true;
        try
        {
            var result = await command();
            if (result.Succeeded)
            {
                await LoadAsync();
            }

            return result;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task NextStatusAsync()
    {
        if (_op is null)
        {
            return;
        }

        if (_op.Status == OperationStatus.Debrief && !await Dialogs.ConfirmAsync(
                T["Close the operation?"],
                T["\"{0}\" will be closed for good: held beds are released, and nobody can change its plan, participants, timeline or review any more.", _op.Title],
                T["Close the operation"],
                T["Keep as it is"]))
        {
            return;
        }

        var result = await RunAsync(() => Service.SetStatusAsync(_user, OperationId, _op.Status + 1));
        _statusErrors = result.Errors;
    }

    private static OperationPlanRequest PlanOf(OperationView op) =>
        new(op.Title, op.Type, op.Start, op.End, op.Counties, op.GeneralArea, op.ExactLocation, op.ShareLocation, op.LeadAgencyId);

    private async Task<CommandResult> SavePlanAsync(OperationPlanRequest request)
    {
        var result = await RunAsync(() => Service.UpdatePlanAsync(_user, OperationId, request));
        if (result.Succeeded)
        {
            _editingPlan = false;
        }

        // The form calls this as a plain delegate: this page renders its new state itself.
        StateHasChanged();
        return result;
    }

    /// <summary>The task force's organizations that do not take part yet, with the role they have in the task force.</summary>
    private List<(string Id, string Name, TaskForceOrganizationRole Role)> Addable(OperationView op) =>
        _taskForce is null
            ? []
            : [.. _taskForce.Organizations
                .Where(o => op.Participants.All(p => p.OrganizationId != o.OrganizationId))
                .Select(o => (o.OrganizationId, Name(o.OrganizationId), o.Role))
                .OrderBy(o => o.Item2, StringComparer.OrdinalIgnoreCase)];

    private void ChooseParticipant(ChangeEventArgs e, List<(string Id, string Name, TaskForceOrganizationRole Role)> addable)
    {
        _participant.Organization = e.Value?.ToString() ?? string.Empty;
        if (addable.FirstOrDefault(o => o.Id == _participant.Organization) is { Id: not null } chosen)
        {
            _participant.Role = chosen.Role;
        }
    }

    private async Task AddParticipantAsync()
    {
        if (_participant.Organization.Length == 0)
        {
            _participant = _participant with { Errors = [new FieldError("participant.organizationId", "Choose the organization to add.")] };
            return;
        }

        var form = _participant;
        var result = await RunAsync(() => Service.SetParticipantAsync(_user, OperationId, new OperationParticipant(form.Organization, form.Role)));
        _participant = result.Succeeded ? new ParticipantForm() : form with { Errors = result.Errors };
    }

    private async Task RemoveParticipantAsync(ParticipantView participant)
    {
        if (!await Dialogs.ConfirmAsync(
                T["Remove from the operation?"],
                T["{0} will no longer see this operation.", participant.Name],
                T["Remove"],
                T["Keep as it is"]))
        {
            return;
        }

        var result = await RunAsync(() => Service.RemoveParticipantAsync(_user, OperationId, participant.OrganizationId));
        _participant = _participant with { Errors = result.Errors };
    }

    private async Task SendStandbyAsync()
    {
        var body = new StandbyRequestBody([.. _standby.Organizations.Order()], _standby.People, _standby.Ages, [.. _standby.Languages.Order()], _standby.Risks, _standby.Housing);
        var result = await RunAsync(() => Service.SendStandbyAsync(_user, OperationId, body));
        _standby = result.Succeeded ? new StandbyForm() : _standby with { Errors = result.Errors };
    }

    private async Task AnswerAsync(string requestId, string organizationId)
    {
        var form = AnswerFor(requestId, organizationId);
        var result = await RunAsync(() => Service.AnswerStandbyAsync(_user, OperationId, requestId, organizationId, new StandbyAnswer(form.Response, form.Advocates, form.Note ?? string.Empty)));
        form.Errors = result.Errors;
    }

    private async Task PostTimelineAsync()
    {
        var result = await RunAsync(() => Service.PostTimelineAsync(_user, OperationId, _timelineOrg, _timelineText));
        _timelineErrors = result.Errors;
        if (result.Succeeded)
        {
            _timelineText = string.Empty;
        }
    }

    private async Task HoldAsync()
    {
        var parts = _holdChoice.Split('|');
        if (parts.Length != 2)
        {
            _holdErrors = [new FieldError("siteId", "Choose a bed to hold.")];
            return;
        }

        _holdOrgChosen = true;
        var outcome = await Service.PlaceHoldAsync(_user, OperationId, parts[0], parts[1], _holdOrg);
        _holdErrors = outcome.Result.Errors;
        if (outcome.Result.Succeeded)
        {
            await LoadAsync();
        }
    }

    private async Task AddAssignmentAsync()
    {
        var form = _assignment;
        var assignment = new OperationAssignment(
            "task-" + Guid.NewGuid().ToString("N")[..8], form.Organization, form.Text, form.Owner, form.Due, WorkStatus.Open);
        var result = await RunAsync(() => Service.SetAssignmentAsync(_user, OperationId, assignment));
        _assignment = result.Succeeded ? new ItemForm { Organization = form.Organization } : form with { Errors = result.Errors };
    }

    private Task SetAssignmentStatusAsync(OperationAssignment assignment, ChangeEventArgs e) =>
        Enum.TryParse<WorkStatus>(e.Value?.ToString(), out var status)
            ? RunAsync(() => Service.SetAssignmentAsync(_user, OperationId, assignment with { Status = status }))
            : Task.CompletedTask;

    private async Task AddReviewItemAsync()
    {
        var form = _review;
        var item = new ReviewItem("item-" + Guid.NewGuid().ToString("N")[..8], form.Text, form.Owner, form.Due, WorkStatus.Open, form.Organization);
        var result = await RunAsync(() => Service.SetReviewItemAsync(_user, OperationId, item));
        _review = result.Succeeded ? new ItemForm() : form with { Errors = result.Errors };
    }

    private Task SetReviewStatusAsync(ReviewItem item, ChangeEventArgs e) =>
        Enum.TryParse<WorkStatus>(e.Value?.ToString(), out var status)
            ? RunAsync(() => Service.SetReviewItemAsync(_user, OperationId, item with { Status = status }))
            : Task.CompletedTask;

    private async Task RecordOutcomeAsync()
    {
        var outcome = new OperationOutcome(_outcome.People, _outcome.Services.ToImmutableDictionary());
        var result = await RunAsync(() => Service.RecordOutcomeAsync(_user, OperationId, outcome));
        _outcome = _outcome with { Errors = result.Errors };
    }

    private sealed class AnswerForm
    {
        public StandbyResponse Response { get; set; } = StandbyResponse.Yes;

        public int Advocates { get; set; } = 1;

        public string? Note { get; set; }

        public IReadOnlyList<FieldError> Errors { get; set; } = [];
    }

    private sealed record StandbyForm
    {
        public HashSet<string> Organizations { get; init; } = [];

        public int People { get; set; }

        public ExpectedAges Ages { get; set; } = ExpectedAges.Unknown;

        public HashSet<string> Languages { get; init; } = ["en"];

        public string Risks { get; set; } = string.Empty;

        public string Housing { get; set; } = string.Empty;

        public IReadOnlyList<FieldError> Errors { get; init; } = [];
    }

    private sealed record ItemForm
    {
        public string Text { get; set; } = string.Empty;

        public string Owner { get; set; } = string.Empty;

        public string Organization { get; set; } = string.Empty;

        public DateTimeOffset? Due { get; set; }

        public IReadOnlyList<FieldError> Errors { get; init; } = [];
    }

    private sealed record ParticipantForm
    {
        public string Organization { get; set; } = string.Empty;

        public TaskForceOrganizationRole Role { get; set; } = TaskForceOrganizationRole.VictimServices;

        public IReadOnlyList<FieldError> Errors { get; init; } = [];
    }

    private sealed record OutcomeForm
    {
        public int People { get; set; }

        public Dictionary<string, int> Services { get; init; } = [];

        public IReadOnlyList<FieldError> Errors { get; init; } = [];
    }
}
