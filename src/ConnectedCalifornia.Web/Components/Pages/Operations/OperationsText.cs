namespace ConnectedCalifornia.Web.Components.Pages.Operations;

/// <summary>
/// The texts of the operation pages (the operations list and an operation: plan, standby, timeline, participants,
/// held beds, assignments, after-action review). The English text is the key; <c>OperationsText.es.resx</c> beside
/// this file holds the Spanish (see docs/localization.md). Statuses, types, roles and answers are the English words of
/// <see cref="OperationLabels"/>, said through the same localizer.
/// </summary>
public sealed class OperationsText;
