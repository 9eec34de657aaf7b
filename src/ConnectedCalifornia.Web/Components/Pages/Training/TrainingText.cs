namespace ConnectedCalifornia.Web.Components.Pages.Training;

/// <summary>
/// The texts of the training pages (a person's transcript, an organization's staff training) and of their links in
/// the menu. The English text is the key; <c>TrainingText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class TrainingText;
