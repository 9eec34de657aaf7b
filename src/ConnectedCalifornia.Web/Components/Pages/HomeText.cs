namespace ConnectedCalifornia.Web.Components.Pages;

/// <summary>
/// The texts of the home page (the public welcome and the signed-in "My network": its work cards, membership cards
/// and change feed). The English text is the key; <c>HomeText.es.resx</c> beside this file holds the Spanish (see
/// docs/localization.md).
/// </summary>
public sealed class HomeText;
