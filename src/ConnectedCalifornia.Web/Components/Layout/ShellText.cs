namespace ConnectedCalifornia.Web.Components.Layout;

/// <summary>
/// The texts of the shell (app bar, navigation, hotline banner, language switch, notification bell; the home page has HomeText). The English text is
/// the key; <c>ShellText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class ShellText;
