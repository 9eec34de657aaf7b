namespace ConnectedCalifornia.Web.Components.Pages.Library;

/// <summary>
/// The texts of the library pages (search, an entry, managing the library, the editor). The English text is the key;
/// <c>LibraryPagesText.es.resx</c> beside this file holds the Spanish (see docs/localization.md). Kinds and bill statuses
/// are the English words of <see cref="ConnectedCalifornia.Library.LibraryFormats"/>, said through the same localizer.
/// </summary>
public sealed class LibraryPagesText;
