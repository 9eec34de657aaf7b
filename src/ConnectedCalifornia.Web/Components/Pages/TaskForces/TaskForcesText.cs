namespace ConnectedCalifornia.Web.Components.Pages.TaskForces;

/// <summary>
/// The texts of the task-force pages (the list, a task force's page with its people, notices and invitations, forming
/// and editing one, an organization's task forces). The English text is the key; <c>TaskForcesText.es.resx</c> beside
/// this file holds the Spanish (see docs/localization.md). Roles are the English words of
/// <see cref="ConnectedCalifornia.TaskForces.TaskForceRoleWords"/>, said through the same localizer.
/// </summary>
public sealed class TaskForcesText;
