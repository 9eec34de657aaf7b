namespace ConnectedCalifornia.Web.Components.Pages.Directory;

/// <summary>
/// The texts of the public directory (search, filters, listing page). The English text is the key;
/// <c>DirectoryText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class DirectoryText;
