namespace ConnectedCalifornia.Web.Components.Pages.Admin;

/// <summary>
/// The texts of the system admin's pages (people and invitations). The English text is the key;
/// <c>AdminText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class AdminText;
