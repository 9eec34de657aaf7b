using MudBlazor;

namespace ConnectedCalifornia.Web.Components.Shared;

/// <summary>
/// The one way a page asks before an action that cannot simply be undone (closing an operation,
/// cancelling an event, removing a member): a MudBlazor dialog that names what will happen, with the
/// action as its button and "Keep as it is" to back out, both in the page's language (the caller's localizer says
/// them). Nothing happens unless the person confirms.
/// </summary>
public static class Confirmation
{
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText, string keepText)
    {
        var answer = await dialogs.ShowMessageBoxAsync(
            new MessageBoxOptions { Title = title, Message = message, YesText = confirmText, CancelText = keepText },
            new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        return answer == true;
    }
}
