namespace ConnectedCalifornia.Web.Components.Pages.Insights;

/// <summary>
/// The texts of the insights pages (coverage and gaps). The English text is the key;
/// <c>InsightsText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class InsightsText;
