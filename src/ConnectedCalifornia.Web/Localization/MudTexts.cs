using ConnectedCalifornia.Web.Components.Layout;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ConnectedCalifornia.Web.Localization;

/// <summary>
/// MudBlazor's own words (a table pager's "First page", a chip's "Close", a date picker's "Next month") in the page's
/// language: MudBlazor asks for its keys ("MudTablePager_FirstPage"), and the shell's resources answer the Spanish
/// ones. A key without an entry is not found, so MudBlazor keeps its English text. A key asked with arguments
/// ("MudPagination_PageIndex", 3) is kept with its placeholders ("MudPagination_PageIndex {0}" → "Página {0}"), so the
/// resource checks see them.
/// </summary>
public sealed class MudTexts(IStringLocalizer<ShellText> shell) : MudLocalizer
{
    public override LocalizedString this[string key] => shell[key];

    public override LocalizedString this[string key, params object[] arguments] => arguments.Length == 0
        ? shell[key]
        : shell[key + " " + string.Join(" ", arguments.Select((_, i) => "{" + i + "}")), arguments];
}
