// Small progressive enhancements for forms; everything works without them.
document.addEventListener('submit', function (event) {
  var form = event.target;
  // Ask before destructive actions (forms marked data-confirm).
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // A second click does no harm on the server, but sparing it avoids a confusing answer.
  var buttons = form.querySelectorAll('button[type="submit"], button:not([type])');
  setTimeout(function () {
    buttons.forEach(function (b) {
      b.disabled = true;
      b.setAttribute('data-busy', '');
    });
  }, 0);
  // If the page stays (download, back button), give the buttons back after a while.
  setTimeout(function () {
    buttons.forEach(function (b) {
      b.disabled = false;
      b.removeAttribute('data-busy');
    });
  }, 8000);
});
