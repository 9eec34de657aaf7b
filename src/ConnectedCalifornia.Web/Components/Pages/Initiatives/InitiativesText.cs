namespace ConnectedCalifornia.Web.Components.Pages.Initiatives;

/// <summary>
/// The texts of the initiative pages (the list, an initiative's public page with its goals and progress, starting and
/// managing one). The English text is the key; <c>InitiativesText.es.resx</c> beside this file holds the Spanish (see
/// docs/localization.md). Not to be confused with <see cref="ConnectedCalifornia.Web.Initiatives.InitiativeText"/>,
/// which writes amounts: its measure names are English keys said through this localizer.
/// </summary>
public sealed class InitiativesText;
