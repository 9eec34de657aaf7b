namespace ConnectedCalifornia.Web.Components.Layout;

/// <summary>
/// The texts of the shell (app bar, navigation, hotline banner, language switch, home page). The English text is
/// the key; <c>ShellText.es.resx</c> beside this file holds the Spanish (see docs/localization.md).
/// </summary>
public sealed class ShellText;
