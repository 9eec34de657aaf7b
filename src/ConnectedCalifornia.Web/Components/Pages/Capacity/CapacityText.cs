namespace ConnectedCalifornia.Web.Components.Pages.Capacity;

/// <summary>
/// The texts of the bed board (statewide board, its map and category filter, the stale-count nudge). The English
/// text is the key; <c>CapacityText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class CapacityText;
