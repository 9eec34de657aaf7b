// Quick exit (docs/directory.md): the "Quick exit" button or the Escape key replaces this page with the
// neutral site. location.replace swaps the current history entry, so Back does not come back to it.
(function () {
  function leave(event) {
    var link = document.querySelector('[data-quick-exit]');
    if (!link) { return; }
    if (event) { event.preventDefault(); }
    document.body.style.visibility = 'hidden';
    document.title = '';
    window.location.replace(link.href);
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target.closest('[data-quick-exit]') : null;
    if (target) { leave(event); }
  }, true);

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || event.defaultPrevented) { return; }
    // Escape first closes an open dialog, menu or list; only with none open does it leave.
    if (document.querySelector('.mud-overlay, .mud-popover-open, .cc-filters-sheet-open')) { return; }
    leave(event);
  });
})();
